package cn.mutualaid.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.cloud.stream.function.StreamBridge;

/**
 * One row at a time through Spring Cloud Stream (a synchronous binding: each send waits for the broker's
 * acknowledgement). The relay's sender before batching, kept for comparison ({@code mesh.outbox.sender=bridge}).
 */
final class BridgeOutboxSender implements OutboxSender {
    private final StreamBridge bridge;

    BridgeOutboxSender(StreamBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public List<Throwable> send(List<OutboxRelay.Row> rows) {
        List<Throwable> outcomes = new ArrayList<>(rows.size());
        boolean stopped = false;
        for (OutboxRelay.Row row : rows) {
            if (stopped) {
                outcomes.add(new NotTried(row.id()));
                continue;
            }
            try {
                if (!bridge.send(row.topic(), Envelopes.toMessage(row.envelope(), row.aggregateId()))) {
                    throw new IllegalStateException("broker did not accept outbox row " + row.id());
                }
                outcomes.add(null);
            } catch (RuntimeException e) {
                outcomes.add(e);
                // Only a row refused for good lets the ones after it go on; otherwise order is kept by stopping.
                stopped = RefusedForGood.in(e) == null;
            }
        }
        return outcomes;
    }
}
