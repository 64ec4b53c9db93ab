package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_RESULT_SITE;

import io.sluice.flowcontrol.Outcome;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.result.DeliveryResult;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.HashMap;
import java.util.Map;

/**
 * Aggregator strategy of the flow-control window: counts every attempt per domain by class (accepted,
 * deferral, connection failure, hard, policy, internal). The aggregate's body is a
 * {@code Map<String, WindowCounts>} — one window, every domain, so the sender-wide check sees them together.
 */
public final class DomainWindowAggregation implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange window, Exchange result) {
        Exchange target = window != null ? window : result;
        Map<String, WindowCounts> counts = window != null
                ? window.getMessage().getBody(Map.class) : new HashMap<>();
        DeliveryResult r = result.getMessage().getBody(DeliveryResult.class);
        Outcome outcome = r == null ? null : FlowOutcomes.of(r);
        if (outcome != null && r.domain() != null) {
            // keyed by site (the domain itself unless MX-routed): one flow-control state per site
            String site = result.getProperty(SLUICE_RESULT_SITE, String.class);
            counts.merge(site != null ? site : r.domain(), WindowCounts.EMPTY.plus(outcome), WindowCounts::plus);
        }
        target.getMessage().setBody(counts);
        return target;
    }
}
