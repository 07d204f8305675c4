package cn.mutualaid.platform.messaging;

import java.util.Set;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The producer failures that no retry can cure, because they are about the record itself: too large for the broker
 * or the topic, a topic name Kafka will never accept, a record that does not serialize or that the broker judges
 * invalid. Everything else (broker away, leader moving, timeouts, authorization being fixed) is transient: the relay
 * waits and tries the same row again.
 */
final class RefusedForGood {
    private static final Set<Class<? extends Throwable>> FINAL = Set.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidTopicException.class, SerializationException.class,
            InvalidRecordException.class);

    private RefusedForGood() {
    }

    /** The final refusal in the failure's cause chain, or null if the failure may pass. */
    static Throwable in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : FINAL) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }
}
