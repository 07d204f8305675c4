package cn.mutualaid.platform.messaging;

import cn.mutualaid.platform.messaging.EventHandlers.Decoded;
import java.util.ArrayList;
import java.util.List;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A poll's records consumed at once, with the guarantees of one record at a time:
 * <ol>
 * <li>Every record is checked and decoded first, before any database work. The records before the first poison one
 *     are applied; the poison one is then reported to the listener container by its index
 *     ({@link BatchListenerFailedException}), which commits the offsets before it, parks it alone (it is a
 *     {@link PoisonMessage}, so {@link ConsumerErrorHandling} parks it at once) and delivers the records after it
 *     again in the next batch.</li>
 * <li>The applied records take one transaction: one multi-row inbox insert answers which event ids are new (an id
 *     seen before, or twice in the batch, has no effect again), then the effects of the new ones run in record order,
 *     a run of consecutive events of a type registered with {@link EventHandlers#onBatch} in one call.</li>
 * <li>Any other failure (the database away) rolls the whole transaction back and propagates: the container retries
 *     the batch without limit, as it does a single record; nothing of it is committed or parked meanwhile.</li>
 * </ol>
 */
final class EventBatch {
    private final EventHandlers handlers;
    private final Inbox inbox;
    private final String consumerName;

    EventBatch(EventHandlers handlers, Inbox inbox, String consumerName) {
        this.handlers = handlers;
        this.inbox = inbox;
        this.consumerName = consumerName;
    }

    Mono<Void> handle(Message<?> batch, List<?> records) {
        Object offsets = batch.getHeaders().get(KafkaHeaders.OFFSET);
        if (offsets instanceof List<?> polled && polled.size() != records.size()) {
            return Mono.error(new IllegalStateException(polled.size() + " records polled, " + records.size()
                    + " reached the consumer: the binding must use native decoding (consumer.use-native-decoding)"));
        }
        Object topics = batch.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC);
        List<Decoded<?>> decoded = new ArrayList<>(records.size());
        PoisonMessage poison = null;
        for (int i = 0; i < records.size() && poison == null; i++) {
            Object topic = topics instanceof List<?> each ? each.get(i) : topics;
            try {
                Object record = records.get(i);
                if (record == null) {
                    throw new PoisonMessage(PoisonMessage.Reason.UNDECODABLE, "a record without a value", null);
                }
                decoded.add(handlers.decode(topic, MessageBuilder.withPayload(record).build()));
            } catch (PoisonMessage e) {
                poison = e;
            }
        }
        Mono<Void> applied = decoded.isEmpty() ? Mono.empty()
                : inbox.all(consumerName, decoded, Decoded::envelope, EventBatch::apply).then();
        if (poison == null) {
            return applied;
        }
        BatchListenerFailedException failed = new BatchListenerFailedException(poison.getMessage(), poison,
                decoded.size());
        return applied.then(Mono.error(failed));
    }

    /** The effects of the new events in record order, consecutive events of one handler in one call. */
    private static Mono<Void> apply(List<Decoded<?>> fresh) {
        List<List<Decoded<?>>> runs = new ArrayList<>();
        for (Decoded<?> d : fresh) {
            if (d.handler() == null) {
                continue;
            }
            List<Decoded<?>> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.get(0).handler() == d.handler()) {
                last.add(d);
            } else {
                runs.add(new ArrayList<>(List.of(d)));
            }
        }
        return Flux.fromIterable(runs).concatMap(run -> run.get(0).handler().apply(run)).then();
    }
}
