package cn.mutualaid.relation.relationship.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.relation.relationship.domain.DissolutionSaga.Effect;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga.State;
import cn.mutualaid.relation.relationship.domain.DissolutionSaga.Step;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every transition of the dissolution state machine, and its timing rules. */
class DissolutionSagaTest {

    @Test
    void anActiveRelationStartsWaitingForTheWallet() {
        var t = DissolutionSaga.start(RelationStatus.ACTIVE).orElseThrow();
        assertThat(t.to()).isEqualTo(State.STARTED);
        assertThat(t.effects()).containsExactly(Effect.MARK_RELATION_DISSOLVING, Effect.PUBLISH_DISSOLVING,
                Effect.SEND_RELEASE_QUOTA);
        assertThat(t.steps()).containsExactly(Step.DISSOLVING, Step.RELEASE_QUOTA_SENT);
        assertThat(t.sendsCommand()).isTrue();
    }

    @Test
    void aProposalNotYetConsentedEndsAtOnceWithoutAWalletCommand() {
        var t = DissolutionSaga.start(RelationStatus.PENDING_CONSENT).orElseThrow();
        assertThat(t.to()).isEqualTo(State.DISSOLVED);
        assertThat(t.sendsCommand()).isFalse();
        assertThat(t.effects()).containsSubsequence(Effect.MARK_RELATION_DISSOLVING, Effect.MARK_RELATION_DISSOLVED,
                Effect.PUBLISH_DISSOLVED, Effect.COMPLETE_TRANSFERS);
    }

    @Test
    void aRelationAlreadyEndingOrEndedDoesNotStartASecondSaga() {
        for (RelationStatus status : new RelationStatus[] {RelationStatus.DISSOLVING, RelationStatus.DISSOLVED,
                RelationStatus.DECLINED}) {
            assertThat(DissolutionSaga.start(status)).as(status.name()).isEmpty();
        }
    }

    @Test
    void aWaitingSagaResendsAndFinishesOnTheReply() {
        var retry = DissolutionSaga.retryDue(State.STARTED).orElseThrow();
        assertThat(retry.to()).isEqualTo(State.STARTED);
        assertThat(retry.effects()).containsExactly(Effect.SEND_RELEASE_QUOTA);
        assertThat(retry.steps()).containsExactly(Step.RELEASE_QUOTA_RESENT);

        var reply = DissolutionSaga.replyReceived(State.STARTED).orElseThrow();
        assertThat(reply.to()).isEqualTo(State.DISSOLVED);
        assertThat(reply.effects()).containsExactly(Effect.MARK_RELATION_DISSOLVED, Effect.PUBLISH_DISSOLVED,
                Effect.COMPLETE_TRANSFERS);
        assertThat(reply.steps()).containsExactly(Step.QUOTA_RELEASED, Step.DISSOLVED);
    }

    @Test
    void aFinishedSagaIgnoresLateRepliesAndRetries() {
        assertThat(DissolutionSaga.replyReceived(State.DISSOLVED)).isEmpty();
        assertThat(DissolutionSaga.retryDue(State.DISSOLVED)).isEmpty();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        var backoff = new DissolutionSaga.Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(backoff.nextAttempt(t0, 1)).isEqualTo(t0.plusSeconds(2));
        assertThat(backoff.nextAttempt(t0, 2)).isEqualTo(t0.plusSeconds(4));
        assertThat(backoff.nextAttempt(t0, 5)).isEqualTo(t0.plusSeconds(32));
        assertThat(backoff.nextAttempt(t0, 6)).isEqualTo(t0.plusSeconds(60));
        assertThat(backoff.nextAttempt(t0, 60)).isEqualTo(t0.plusSeconds(60));
        assertThatThrownBy(() -> new DissolutionSaga.Backoff(Duration.ZERO, 2.0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAWaitingSagaPastTheThresholdIsStuck() {
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        Duration threshold = Duration.ofMinutes(5);
        assertThat(DissolutionSaga.isStuck(State.STARTED, started, started.plusSeconds(299), threshold)).isFalse();
        assertThat(DissolutionSaga.isStuck(State.STARTED, started, started.plusSeconds(301), threshold)).isTrue();
        assertThat(DissolutionSaga.isStuck(State.DISSOLVED, started, started.plusSeconds(3600), threshold)).isFalse();
    }
}
