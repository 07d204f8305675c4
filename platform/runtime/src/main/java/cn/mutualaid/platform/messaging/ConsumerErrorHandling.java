package cn.mutualaid.platform.messaging;

import cn.mutualaid.platform.messaging.parked.Parking;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Every binding's failure policy, in the listener container instead of the binder: a {@link PoisonMessage} is parked
 * at once (dead-letter topic + parked_message row, see {@link Parking}); any other failure is an outage, retried
 * without limit with a capped backoff (the container seeks back and polls again, so the partition stays assigned
 * and nothing behind the failed record overtakes it). The binder's own retry would give up after its attempts and
 * park a perfectly good message while a database restarts. Each container is also handed to the
 * {@link ConsumerWatchdog}, which keeps it consuming.
 */
public class ConsumerErrorHandling implements ListenerContainerWithDlqAndRetryCustomizer {
    private final ConsumerRetryProperties retry;
    private final Parking parking;
    private final ConsumerWatchdog watchdog;

    public ConsumerErrorHandling(ConsumerRetryProperties retry, Parking parking, ConsumerWatchdog watchdog) {
        this.retry = retry;
        this.parking = parking;
        this.watchdog = watchdog;
    }

    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver, BackOff backOff) {
        configure(container, destinationName, group, dlqDestinationResolver, backOff, null);
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver, BackOff backOff,
            ExtendedConsumerProperties<KafkaConsumerProperties> properties) {
        String binding = properties == null ? null : properties.getBindingName();
        container.setCommonErrorHandler(errorHandler(binding, group));
        if (watchdog != null) {
            watchdog.watch(binding, destinationName, group, container);
        }
    }

    DefaultErrorHandler errorHandler(String binding, String group) {
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, failure) -> parking.park(binding, group, record, failure), backOff());
        // Only poison is final: the defaults (conversion and cast errors...) would park a message an outage broke.
        handler.setClassifications(Map.of(PoisonMessage.class, false), true);
        return handler;
    }

    BackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        return backOff;
    }
}
