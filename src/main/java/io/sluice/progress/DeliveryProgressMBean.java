package io.sluice.progress;

/** {@code sluice:type=Delivery,name=<id>}: one delivery In progress. Figures are at most a few seconds old. */
public interface DeliveryProgressMBean {
    long getDeliveryId();

    String getInternalName();

    long getTotal();

    long getSent();

    long getFailed();

    long getPending();

    /** Pending rows parked by flow control (dynamic flow control, or connection quotas met). */
    long getQueuedByFlowControl();

    /** Pending rows waiting for their next try after a soft failure. */
    long getRetryLater();

    double getPercentDone();

    /** Sent + failed per second over the last minute. */
    double getRate();

    /** Time left at the current rate (e.g. 1m07s), or "unknown". */
    String getEta();

    long getEtaSeconds();

    /** The progress sentence, as in the log. */
    String getSummary();

    String getUpdated();
}
