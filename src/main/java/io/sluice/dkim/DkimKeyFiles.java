package io.sluice.dkim;

import io.sluice.domains.DkimSelector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a DKIM private key file: PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), RSA of at least
 * {@value #MIN_RSA_BITS} bits (RFC 8301) or Ed25519, and derives its public key. Every error names the domain,
 * the file and what to do; none shows the key.
 */
final class DkimKeyFiles {

    /** RFC 8301 3.2: signers MUST use RSA keys of at least 1024 bits (Gmail: 2048 recommended). */
    static final int MIN_RSA_BITS = 1024;

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private DkimKeyFiles() {
    }

    /** Reads the key of {@code entry}; a relative path is resolved against {@code configDir}. */
    static DkimKey read(DkimSelector entry, Path configDir) {
        Path file = configDir.resolve(entry.privateKey()).toAbsolutePath().normalize();
        String where = "DKIM key of " + entry.domainPattern() + " (" + entry.path() + ", selector " + entry.selector()
                + ") in " + file + ": ";
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(where + "the file does not exist");
        } catch (IOException | RuntimeException e) {
            // MalformedInputException: not a text file; the exception's message names no content
            throw new IllegalArgumentException(where + "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        byte[] der = der(pem, where);
        PrivateKey privateKey = privateKey(der, where);
        Arrays.fill(der, (byte) 0);
        if (privateKey instanceof RSAPrivateCrtKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException(where + "the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS
                        + " are required (RFC 8301), 2048 recommended");
            }
            return new DkimKey(entry.domainPattern(), entry.selector(), file, privateKey, rsaPublic(rsa, where),
                    DkimAlgorithm.RSA_SHA256);
        }
        if (privateKey instanceof EdECPrivateKey ed) {
            return new DkimKey(entry.domainPattern(), entry.selector(), file, privateKey, ed25519Public(ed, where),
                    DkimAlgorithm.ED25519_SHA256);
        }
        throw new IllegalArgumentException(where + "an RSA private key without its CRT parameters cannot be used;"
                + " write it again with openssl pkcs8 -topk8 -nocrypt");
    }

    private static byte[] der(String pem, String where) {
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException(where + "this is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to"
                    + " PKCS#8: openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException(where + "the key is encrypted; write it unencrypted (openssl pkcs8"
                    + " -topk8 -nocrypt) and protect the file's permissions instead");
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(where + "not a PKCS#8 PEM file (expected " + BEGIN + " ... " + END + ")");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "the PEM body is not valid base64");
        }
    }

    private static PrivateKey privateKey(byte[] der, String where) {
        for (String algorithm : new String[] {"RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new IllegalArgumentException(where + "not an RSA or Ed25519 PKCS#8 private key");
    }

    private static PublicKey rsaPublic(RSAPrivateCrtKey key, String where) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(),
                    key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + "its public key cannot be derived (" + e.getMessage() + ")");
        }
    }

    /**
     * The JDK has no public API that derives an Ed25519 public key from a private one, but its key pair generator
     * does exactly that from 32 random bytes: given the private key as its "random" bytes it returns the pair. The
     * result is checked to hold the same private key, so a generator that draws its bytes differently is noticed.
     */
    static PublicKey ed25519Public(EdECPrivateKey key, String where) {
        byte[] seed = key.getBytes().orElseThrow(() -> new IllegalArgumentException(where
                + "the Ed25519 private key bytes are not available"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
            boolean same = Arrays.equals(seed, derived);
            Arrays.fill(derived, (byte) 0);
            if (!same) {
                throw new IllegalArgumentException(where + "the Ed25519 public key cannot be derived with this JDK");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + "the Ed25519 public key cannot be derived (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** A "random" source that hands out the given bytes: the Ed25519 generator's private key. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected draw of " + out.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
