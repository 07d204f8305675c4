package cn.mutualaid.platform.messaging.parked;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.PoisonMessage;
import cn.mutualaid.platform.messaging.parked.ParkedMessageStore.Parked;
import cn.mutualaid.platform.messaging.parked.ParkedMessageStore.Status;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What ADMIN does with parked messages: list them, replay one or all after a fix, or discard one with a reason.
 * A replay hands the kept record to the binding's own consumer function (the same EventHandlers the binder calls),
 * so the inbox keeps its effect once however often it is replayed; replays and discards are audited.
 */
public class ParkedMessages {
    /** How many parked messages one replay-all takes on, oldest first. */
    static final int REPLAY_ALL_LIMIT = 500;

    private final ParkedMessageStore store;
    private final BeanFactory beans;
    private final BindingServiceProperties bindings;
    private final Audit audit;
    private final TransactionalOperator tx;

    public ParkedMessages(ParkedMessageStore store, BeanFactory beans, BindingServiceProperties bindings, Audit audit,
            TransactionalOperator tx) {
        this.store = store;
        this.beans = beans;
        this.bindings = bindings;
        this.audit = audit;
        this.tx = tx;
    }

    /** Outcome of one replay: REPLAYED, or STILL_PARKED with the reason the consumer gave again. */
    public record Replay(long id, String outcome, String reason, String detail) {
    }

    public Flux<Parked> list(Caller caller, Status status, int size, long offset) {
        return admin(caller).thenMany(store.page(status, size, offset));
    }

    public Mono<Parked> get(Caller caller, long id) {
        return admin(caller).then(found(id));
    }

    public Mono<Replay> replay(Caller caller, long id) {
        return admin(caller).then(found(id)).flatMap(parked -> {
            if (parked.status() != Status.PARKED) {
                return Mono.error(Rejection.conflict("PARKED_MESSAGE_RESOLVED",
                        "parked message " + id + " was already " + parked.status()));
            }
            return replay(caller, parked);
        });
    }

    /** Replays every message still parked, oldest first; each one's outcome is listed. */
    public Flux<Replay> replayAll(Caller caller) {
        return admin(caller).thenMany(store.openIds(REPLAY_ALL_LIMIT))
                .concatMap(id -> store.find(id).filter(p -> p.status() == Status.PARKED))
                .concatMap(parked -> replay(caller, parked));
    }

    public Mono<Parked> discard(Caller caller, long id, String reason) {
        return admin(caller).then(found(id)).flatMap(parked -> tx.transactional(
                        store.resolve(id, Status.DISCARDED, caller.subject(), reason)
                                .flatMap(done -> done ? audit.record(caller, "parked-message.discard",
                                                "parked_message", String.valueOf(id), null, changes(parked, reason))
                                        .thenReturn(true) : Mono.just(false)))
                .flatMap(done -> done ? found(id) : Mono.error(Rejection.conflict("PARKED_MESSAGE_RESOLVED",
                        "parked message " + id + " was already resolved"))));
    }

    private Mono<Replay> replay(Caller caller, Parked parked) {
        Consumer<Message<byte[]>> consumer = consumerOf(parked);
        Message<byte[]> message = message(parked);
        // The consumer blocks (binder threads are not event-loop threads): run it where blocking is allowed.
        return Mono.fromRunnable(() -> consumer.accept(message)).subscribeOn(Schedulers.boundedElastic())
                .then(tx.transactional(store.resolve(parked.id(), Status.REPLAYED, caller.subject(), "replayed")
                        .flatMap(done -> done ? audit.record(caller, "parked-message.replay", "parked_message",
                                String.valueOf(parked.id()), null, changes(parked, null)) : Mono.empty())))
                .thenReturn(new Replay(parked.id(), "REPLAYED", parked.reason(), null))
                .onErrorResume(PoisonMessage.class, poison -> store.stillPoison(parked.id(), poison.reason().name(),
                                poison.getMessage())
                        .thenReturn(new Replay(parked.id(), "STILL_PARKED", poison.reason().name(), poison.getMessage())));
    }

    private static Message<byte[]> message(Parked parked) {
        var builder = MessageBuilder.withPayload(parked.value() == null ? new byte[0] : parked.value())
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, parked.topic())
                .setHeader(KafkaHeaders.RECEIVED_PARTITION, parked.partition())
                .setHeader(KafkaHeaders.OFFSET, parked.offset());
        if (parked.key() != null) {
            builder.setHeader(KafkaHeaders.RECEIVED_KEY, parked.key());
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private Consumer<Message<byte[]>> consumerOf(Parked parked) {
        String binding = parked.binding().isEmpty() ? bindingOf(parked.topic(), parked.group()) : parked.binding();
        if (binding == null) {
            throw Rejection.conflict("PARKED_MESSAGE_NO_CONSUMER",
                    "this service no longer consumes " + parked.topic() + " in group " + parked.group());
        }
        // Binding "registryEvents-in-0" belongs to the function bean "registryEvents".
        String function = binding.replaceFirst("-in-\\d+$", "");
        return beans.getBean(function, Consumer.class);
    }

    private String bindingOf(String topic, String group) {
        return bindings.getBindings().entrySet().stream()
                .filter(e -> topic.equals(e.getValue().getDestination()) && group.equals(e.getValue().getGroup()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private Mono<Parked> found(long id) {
        return store.find(id).switchIfEmpty(Mono.error(Rejection.notFound("parked message")));
    }

    /** Parked messages are the mesh's own plumbing: ADMIN only, no area (an event is not one area's). */
    private static Mono<Void> admin(Caller caller) {
        return caller.has(Role.ADMIN) ? Mono.empty() : Mono.error(Rejection.forbidden());
    }

    private static Map<String, Object> changes(Parked parked, String reason) {
        var changes = new java.util.LinkedHashMap<String, Object>();
        changes.put("topic", parked.topic());
        changes.put("partition", parked.partition());
        changes.put("offset", parked.offset());
        changes.put("type", parked.type());
        changes.put("eventId", parked.eventId());
        changes.put("parkReason", parked.reason());
        if (reason != null) {
            changes.put("reason", reason);
        }
        return changes;
    }
}
