package cn.mutualaid.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.util.backoff.BackOffExecution;

/** The two failure policies as plain rules: consumers never give up on an outage; the relay gives up only on the record. */
class ConsumerErrorHandlingTest {
    private final ConsumerErrorHandling handling = new ConsumerErrorHandling(
            new ConsumerRetryProperties(Duration.ofMillis(200), 2.0, Duration.ofSeconds(10)), null, null);

    @Test
    void anOutageIsRetriedForEverAtMostTheCapApart() {
        BackOffExecution execution = handling.backOff().start();
        long first = execution.nextBackOff();
        long waited = first;
        long longest = first;
        // A week of waiting, at ten seconds a try, is still not "stop".
        for (int i = 0; i < 60_480; i++) {
            long next = execution.nextBackOff();
            assertThat(next).isNotEqualTo(BackOffExecution.STOP);
            waited += next;
            longest = Math.max(longest, next);
        }
        assertThat(first).isEqualTo(200);
        assertThat(longest).isEqualTo(10_000);
        assertThat(Duration.ofMillis(waited)).isGreaterThan(Duration.ofDays(6));
    }

    @Test
    void theRelayParksOnlyWhatTheBrokerRefusesForGood() {
        var tooLarge = new MessageHandlingException(null, "send failed",
                new ExecutionException(new RecordTooLargeException("2000000 bytes")));
        assertThat(RefusedForGood.in(tooLarge)).isInstanceOf(RecordTooLargeException.class);
        assertThat(RefusedForGood.in(new MessageHandlingException(null, "send failed",
                new ExecutionException(new TimeoutException("broker away"))))).isNull();
        assertThat(RefusedForGood.in(new TopicAuthorizationException("ACL being fixed"))).isNull();
        assertThat(RefusedForGood.in(new IllegalStateException("broker did not accept"))).isNull();
    }
}
