package io.sluice.progress;

/**
 * {@code sluice:type=Delivery,name=<id>}: one delivery that is running or paused. Figures are at most a few
 * seconds old. The operations write the database (iState, SluiceDeliveryControl) exactly as the campaign
 * platform would, so both stay in agreement; every instance acts on them within one claim poll.
 */
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

    /** {@code NmsDelivery.iState} with its label, e.g. "75 Paused". */
    String getState();

    /** Rate cap in msg/s (all instances together), 0 = none. */
    int getCap();

    /** Its sending window (own or global), or "always". */
    String getWindow();

    /** True while its sending window is closed: nothing of it is sent, rows wait. */
    boolean isWaitingForWindow();

    /** Pause: 71 Pause requested, then 75 Paused once nothing of it is in flight. */
    String pause() throws Exception;

    /** Resume a paused delivery: 55 In progress, it goes on where it stopped. */
    String resume() throws Exception;

    /** Stop: 85 Stopped; its pending rows become Delivery cancelled (7), its parked mail is removed. */
    String stop() throws Exception;

    /** Caps the delivery at this many msg/s (all instances together); 0 removes the cap. */
    String setCap(int messagesPerSecond) throws Exception;

    /** Its own sending window, e.g. "MON-FRI 08:00-21:00 Europe/Paris"; empty = the global window. */
    String setWindow(String window) throws Exception;
}
