package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The mailbox providers' complaint thresholds applied to a delivery's feedback, as reasons of the verdict. Policy as
 * data, each with its source (../shared/docs/deliverability-anchors.md):
 * <ul>
 *   <li>Gmail's bulk-sender guidelines (support.google.com/a/answer/81126): keep the spam rate below 0.1 %, never
 *       reach 0.3 %; Yahoo's (senders.yahooinc.com/best-practices): below 0.3 %.</li>
 * </ul>
 * At {@link #WARNING_RATE} a domain gets a warning. At {@link #THROTTLING_RATE} its complaints are named as the likely
 * cause of the throttling when flow control held the domain back or its answers were troubled, and as the reason it
 * will come otherwise. The rates are those of the delivery (Gmail measures per day): a small delivery's rate is a
 * coarse figure, so each reason gives the counts it comes from.
 */
final class ComplaintRules {

    /** Gmail: "below 0.1 %". */
    static final double WARNING_RATE = 0.001;
    /** Gmail: "never reach 0.3 %"; Yahoo: "below 0.3 %". */
    static final double THROTTLING_RATE = 0.003;

    private ComplaintRules() {
    }

    /**
     * What the feedback adds to the verdict's reasons.
     *
     * @param causes   complaint rates at the throttling threshold: shown before the verdict's own reasons
     * @param warnings complaint rates at the warning threshold: shown after them
     */
    record Findings(List<String> causes, List<String> warnings) {
        Findings {
            causes = List.copyOf(causes);
            warnings = List.copyOf(warnings);
        }
    }

    static Findings judge(Map<String, DomainLine> domains, Collection<Feedback> feedback) {
        List<String> causes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Feedback f : feedback) {
            double rate = f.complaintRate();
            if (rate < WARNING_RATE || f.complaints() == 0) {
                continue;
            }
            String figures = f.domain() + ": complaints are " + Feedback.percent(rate) + " of the messages it accepted ("
                    + f.complaints() + " of " + f.accepted() + ")";
            if (rate >= THROTTLING_RATE) {
                DomainLine line = domains.get(f.domain());
                boolean throttled = line != null && (line.wasHeldBack() || line.bad() > 0);
                causes.add(figures + ", at or above the 0.3 % Gmail and Yahoo never accept: "
                        + (throttled ? "the likely cause of the flow control at " + f.domain()
                        : "expect " + f.domain() + " to throttle or block the sender"));
            } else {
                warnings.add(figures + ", above the 0.1 % Gmail asks bulk senders to stay below (warning)");
            }
        }
        return new Findings(causes, warnings);
    }
}
