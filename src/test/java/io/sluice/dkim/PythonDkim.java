package io.sluice.dkim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.security.PublicKey;

/**
 * An independent DKIM verifier for tests: Debian's python3-dkim ({@code apt-get install python3-dkim}, .ci/run),
 * run with {@code /usr/bin/python3}, given the test's public keys as the DNS answers. Tests using it are skipped,
 * with that message, where it is not installed.
 */
final class PythonDkim {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = String.join("\n",
            "import sys, dkim",
            "msg = open(sys.argv[1], 'rb').read()",
            "records = {}",
            "for arg in sys.argv[2:]:",
            "    name, txt = arg.split('=', 1)",
            "    records[name.lower()] = txt.encode()",
            "def dns(name, timeout=5):",
            "    return records.get(name.decode().rstrip('.').lower())",
            "d = dkim.DKIM(msg)",
            "n = len([h for h in d.headers if h[0].lower() == b'dkim-signature'])",
            "for i in range(n):",
            "    try:",
            "        ok = d.verify(idx=i, dnsfunc=dns)",
            "    except dkim.ValidationError:",
            "        ok = False",
            "    sig = dkim.util.parse_tag_value(d.headers[[j for j, h in enumerate(d.headers)"
                    + " if h[0].lower() == b'dkim-signature'][i]][1])",
            "    print(('pass ' if ok else 'fail ') + sig[b'a'].decode() + ' d=' + sig[b'd'].decode())",
            "");

    private PythonDkim() {
    }

    /** Skips the calling test unless python3-dkim can be imported. */
    static void assumeInstalled() {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl.signing").redirectErrorStream(true).start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        assumeTrue(ok, "python3-dkim is not installed (apt-get install -y python3-dkim): "
                + "DKIM signatures cannot be checked by an independent verifier here");
    }

    /** The TXT record of a public key ({@code v=DKIM1; k=...; p=...}), made here, not by the code under test. */
    static String txt(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (key.getAlgorithm().equals("RSA")) {
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(spki);
        }
        byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw);
    }

    /**
     * Verifies every DKIM-Signature of {@code message} (line ends made CRLF, as on the wire) and returns one line per
     * signature, top first: {@code pass rsa-sha256 d=rsa.test} or {@code fail ...}.
     *
     * @param records DNS answers: {@code selector._domainkey.domain} -> TXT value
     */
    static List<String> verify(byte[] message, Map<String, String> records) throws Exception {
        Path dir = Files.createTempDirectory("dkim-verify");
        Path msg = dir.resolve("message.eml");
        Path script = dir.resolve("verify.py");
        Files.write(msg, crlf(message));
        Files.writeString(script, SCRIPT);
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), msg.toString()));
        records.forEach((name, txt) -> cmd.add(name + "=" + txt));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python3-dkim failed: " + out);
        }
        return out.lines().filter(l -> l.startsWith("pass ") || l.startsWith("fail ")).toList();
    }

    /** Bare LF to CRLF (SubEthaSMTP hands the data with CRLF already; this only guards the verifier's input). */
    private static byte[] crlf(byte[] in) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length + 64);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }
}
