package io.sluice.policy;

import io.sluice.domains.DkimSelector;
import io.sluice.domains.DomainsDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The policy files as they are on disk now: {@code sluice.domains.files} in order (relative to the configuration
 * directory unless absolute), read whole, with one SHA-256 over their bytes and over the DKIM key files they name (a
 * rotated key file is a change too). Reading never fails: a missing or unreadable file is a {@link Contents#problem()}
 * (and part of the hash), which makes the version invalid.
 */
public final class PolicyFiles {

    private static final byte[] MISSING = "\0missing\0".getBytes(StandardCharsets.UTF_8);

    private final List<Path> files;
    private final Path configDir;

    public PolicyFiles(List<Path> files, Path configDir) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("sluice.domains.files must name at least one file");
        }
        this.configDir = configDir.toAbsolutePath().normalize();
        this.files = files.stream().map(this.configDir::resolve).map(Path::normalize).toList();
    }

    /** From the setting's comma-separated list. */
    public static PolicyFiles of(String setting, Path configDir) {
        return new PolicyFiles(Arrays.stream(Objects.requireNonNull(setting, "sluice.domains.files").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList(), configDir);
    }

    /** The files, absolute, in layering order. */
    public List<Path> files() {
        return files;
    }

    /** Where relative paths (of the files, of DKIM keys) are resolved. */
    public Path configDir() {
        return configDir;
    }

    /**
     * What the files hold now.
     *
     * @param texts   each readable file's text, in order
     * @param hash    SHA-256 (hex) of the files and of the DKIM key files they name
     * @param problem a file missing or unreadable, else null
     */
    public record Contents(Map<Path, String> texts, String hash, String problem) {
        /** The first 12 hex digits, as logs and JMX show it. */
        public String shortHash() {
            return hash.substring(0, 12);
        }
    }

    /** Reads the files now (and the DKIM key files of the document, when it parses). */
    public Contents read() {
        MessageDigest digest = sha256();
        Map<Path, String> texts = new LinkedHashMap<>();
        String problem = null;
        for (Path file : files) {
            digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
            try {
                byte[] bytes = Files.readAllBytes(file);
                digest.update(bytes);
                texts.put(file, new String(bytes, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                digest.update(MISSING);
                problem = problem != null ? problem : "sluice.domains.files: " + file + " does not exist";
            } catch (IOException e) {
                digest.update(MISSING);
                problem = problem != null ? problem : "sluice.domains.files: " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")";
            }
        }
        if (problem == null) {
            hashKeyFiles(texts, digest);
        }
        return new Contents(Collections.unmodifiableMap(texts), HexFormat.of().formatHex(digest.digest()), problem);
    }

    /** The key files' bytes go into the hash only; the snapshot reads and checks them. */
    private void hashKeyFiles(Map<Path, String> texts, MessageDigest digest) {
        List<DkimSelector> selectors;
        try {
            selectors = DomainsDocument.load(texts).dkim();
        } catch (RuntimeException e) {
            return; // invalid anyway: the snapshot names the error
        }
        for (DkimSelector s : selectors) {
            Path key = configDir.resolve(s.privateKey()).toAbsolutePath().normalize();
            digest.update(key.toString().getBytes(StandardCharsets.UTF_8));
            try {
                digest.update(Files.readAllBytes(key));
            } catch (IOException e) {
                digest.update(MISSING);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return files.toString();
    }
}
