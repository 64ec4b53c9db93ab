package io.sluice.bench;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * bench/tail: N messages over D domains behind receivers that answer {@code 421 4.7.0 Try again later} beyond a strict
 * limit (a fixed 1 s window), with bench/load's policy (initialRate 50, maxRate 200, shipped defaults otherwise).
 * {@code strict}: 1 msg/s for ever (bench/load's throttled tail); {@code heal}: 2 msg/s for the first 40 s, then
 * everything is accepted (a throttle burst at the start of a campaign). Prints every 10 s what the receivers accepted
 * and deferred, the rows retried so far and domain d0's flow state; stops when all are accepted or after 400 s.
 */
public final class TailProbe {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int domains = Integer.parseInt(args[1]);
        SmtpSimulator.Builder b = SmtpSimulator.builder().captureCapacity(0);
        boolean heal = args.length > 2 && args[2].equals("heal");
        for (int d = 0; d < domains; d++) {
            b.behaviour("d" + d + ".tail", DomainBehaviour.rateLimit(heal ? 2 : 1, Duration.ofSeconds(1), "421 4.7.0 Try again later"));
        }
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = b.build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().state(0).retries(1_000, 5).create();
            campaign.pendingMany(delivery, IntStream.range(0, n).mapToObj(i -> "u" + i + "@d" + (i % domains) + ".tail").toList());
            String policy = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                    + "  flow:\n    initialRate: 50\n    maxRate: 200\n";
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(policy)
                    .property("sluice.claim.lease", "5m").start()) {
                campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
                FlowControlRegistry reg = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
                long start = System.nanoTime();
                long prevA = 0, prevD = 0;
                while (true) {
                    Thread.sleep(10_000);
                    if (heal && System.nanoTime() - start > 40_000_000_000L) {
                        for (int i = 0; i < domains; i++) smtp.setBehaviour("d" + i + ".tail", DomainBehaviour.accept());
                    }
                    if (System.nanoTime() - start > 400_000_000_000L) break;
                    long a = 0, d = 0;
                    for (int i = 0; i < domains; i++) {
                        a += smtp.counters().acceptedRecipients("d" + i + ".tail");
                        d += smtp.counters().deferredRecipients("d" + i + ".tail");
                    }
                    DomainFlow f = reg.flow("d0.tail");
                    long parked = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6 AND iMsgId IS NOT NULL");
                    System.out.printf("t=%4.0f acc/s=%.2f def/s=%.2f total=%d retrying=%d d0: %s %.3f  %s%n", (System.nanoTime() - start) / 1e9,
                            (a - prevA) / 10.0, (d - prevD) / 10.0, a, parked, f.getState(), f.currentRate(), f.snapshot().reason());
                    prevA = a; prevD = d;
                    if (a >= n) break;
                }
            }
        }
        System.exit(0);
    }
}
