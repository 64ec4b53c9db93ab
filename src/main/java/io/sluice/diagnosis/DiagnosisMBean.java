package io.sluice.diagnosis;

/** {@code sluice:type=Diagnosis,name=report}: a delivery's diagnosis on demand (Hawtio, Jolokia, jconsole). */
public interface DiagnosisMBean {

    /** The report as text (verdict, per-domain figures, top replies, flow-control events). */
    String report(long deliveryId);

    /** The same report as a self-contained HTML page with the per-domain timelines. */
    String reportHtml(long deliveryId);

    /** Only the verdict: SENDER_SIDE, DOMAIN_SPECIFIC or HEALTHY (or NOT_FOUND). */
    String verdict(long deliveryId);
}
