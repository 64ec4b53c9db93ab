package io.sluice.dkim;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The JDK's raw SHA256withRSA-2048 signatures per second over 2 KB, on one thread or on several at once (bench/throughput
 * --dkim prints both next to the signed msg/s: the anchor of signed throughput; several threads show what the
 * machine's cores really give together, hyper-threads and shared caches included). Usage: {@code java -cp sluice.jar
 * io.sluice.dkim.RsaSignatureRate [seconds] [threads]} (defaults 5 and 1; the first second warms the JIT and is not
 * counted). Prints the total signatures/s of all threads.
 */
public final class RsaSignatureRate {

    private RsaSignatureRate() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey key = g.generateKeyPair().getPrivate();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initSign(key);
                    byte[] data = new byte[2048];
                    run(s, data, 1_000_000_000L);
                    return run(s, data, (long) (seconds * 1e9));
                }));
            }
            long n = 0;
            for (Future<Long> count : counts) {
                n += count.get();
            }
            System.out.printf("%.0f%n", n / seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    static long run(Signature s, byte[] data, long nanos) throws Exception {
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
