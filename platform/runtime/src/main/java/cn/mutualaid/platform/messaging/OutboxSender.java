package cn.mutualaid.platform.messaging;

import java.util.List;

/**
 * How the outbox relay hands a batch of rows to the broker: in order, returning once each row is acknowledged or has
 * failed. The answer has one entry per row, in the same order: null when the broker acknowledged it, else the failure.
 */
public interface OutboxSender {

    List<Throwable> send(List<OutboxRelay.Row> rows);

    /** The failure recorded for a row that was not tried because an earlier one failed. */
    final class NotTried extends IllegalStateException {
        NotTried(long id) {
            super("outbox row " + id + " not sent: an earlier row of the pass failed");
        }
    }
}
