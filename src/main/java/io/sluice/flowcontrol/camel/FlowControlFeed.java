package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_RESULT_SITE;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.Outcome;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.result.DeliveryResult;

import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Feeds the result stream into flow control: each reply is checked against the reply rules at once
 * (provider-advised suspensions act immediately), and each completed window of per-domain counts goes to
 * the registry, which first checks for a sender-side problem and only then judges domains.
 */
public final class FlowControlFeed {

    private final FlowControlRegistry registry;
    private final Runnable afterWindow;
    private final ToIntFunction<String> inFlight;

    public FlowControlFeed(FlowControlRegistry registry, Runnable afterWindow) {
        this(registry, afterWindow, site -> 0);
    }

    /** @param inFlight a site's attempts still under way (the gate's in-memory places), for one cut per burst */
    public FlowControlFeed(FlowControlRegistry registry, Runnable afterWindow, ToIntFunction<String> inFlight) {
        this.registry = registry;
        this.afterWindow = afterWindow;
        this.inFlight = inFlight;
    }

    /**
     * Checks a 4xx/5xx reply against the rules, then counts the attempt's outcome towards a cut before the window
     * closes (a run of deferrals or refusals).
     *
     * @param site the message's site (flow-control key); null = its domain
     */
    public void onResult(@Body DeliveryResult result, @ExchangeProperty(SLUICE_RESULT_SITE) String site) {
        if (result == null || result.domain() == null) {
            return;
        }
        String key = site != null ? site : result.domain();
        if (result.reply() != null && result.outcome() != null && result.reply().code() >= 400) {
            registry.onReply(key, result.reply().toString());
        }
        Outcome outcome = FlowOutcomes.of(result);
        if (outcome != null) {
            registry.onAttempt(key, outcome, inFlight.applyAsInt(key));
        }
    }

    public void onWindow(Map<String, WindowCounts> window) {
        registry.onGlobalWindow(window);
        afterWindow.run();
    }
}
