package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_RESULT_SITE;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.result.DeliveryResult;

import java.util.Map;
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

    public FlowControlFeed(FlowControlRegistry registry, Runnable afterWindow) {
        this.registry = registry;
        this.afterWindow = afterWindow;
    }

    /** @param site the message's site (flow-control key); null = its domain */
    public void onResult(@Body DeliveryResult result, @ExchangeProperty(SLUICE_RESULT_SITE) String site) {
        if (result != null && result.domain() != null && result.reply() != null && result.outcome() != null
                && result.reply().code() >= 400) {
            registry.onReply(site != null ? site : result.domain(), result.reply().toString());
        }
    }

    public void onWindow(Map<String, WindowCounts> window) {
        registry.onGlobalWindow(window);
        afterWindow.run();
    }
}
