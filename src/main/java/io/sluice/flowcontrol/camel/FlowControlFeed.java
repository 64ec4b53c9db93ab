package io.sluice.flowcontrol.camel;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.result.DeliveryResult;

import java.util.Map;

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

    public void onResult(DeliveryResult result) {
        if (result != null && result.domain() != null && result.reply() != null && result.outcome() != null
                && result.reply().code() >= 400) {
            registry.onReply(result.domain(), result.reply().toString());
        }
    }

    public void onWindow(Map<String, WindowCounts> window) {
        registry.onGlobalWindow(window);
        afterWindow.run();
    }
}
