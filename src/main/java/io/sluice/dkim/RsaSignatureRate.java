package io.sluice.dkim;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * The JDK's raw SHA256withRSA-2048 signatures per second on one thread, over 2 KB (bench/throughput --dkim prints it
 * next to the signed msg/s: the anchor of signed throughput). Usage: {@code java -cp sluice.jar
 * io.sluice.dkim.RsaSignatureRate [seconds]} (default 5; the first second warms the JIT and is not counted).
 */
public final class RsaSignatureRate {

    private RsaSignatureRate() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey key = g.generateKeyPair().getPrivate();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        byte[] data = new byte[2048];
        run(s, data, 1_000_000_000L);
        long n = run(s, data, (long) (seconds * 1e9));
        System.out.printf("%.0f%n", n / seconds);
    }

    private static long run(Signature s, byte[] data, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long n = 0;
        while (System.nanoTime() < end) {
            data[(int) (n % data.length)]++;
            s.update(data);
            s.sign();
            n++;
        }
        return n;
    }
}
