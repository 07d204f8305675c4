package cn.mutualaid.relation.relationship.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The dissolution saga as a state machine: which events move it, to which state, with which effects. Plain Java;
 * {@code relationship.SagaOrchestrator} performs the effects in one database transaction per transition, with the
 * saga row locked, so a transition happens at most once however often its trigger is delivered.
 *
 * <pre>
 *   trigger      from                      to          effects, in order
 *   -----------  ------------------------  ----------  ----------------------------------------------------------
 *   start        relation ACTIVE           STARTED     relation DISSOLVING, publish RelationDissolving,
 *                                                       send ReleaseQuota (command id = saga id)
 *   start        relation PENDING_CONSENT  DISSOLVED   relation DISSOLVING then DISSOLVED (released 0: no quota can
 *                                                       exist before consent), publish both events, transfers
 *   start        relation not live         (none)      nothing: another trigger already ended it
 *   retry due    STARTED                   STARTED     send ReleaseQuota again: new event id, same command id
 *   reply        STARTED                   DISSOLVED   relation DISSOLVED with the reply's releasedFen, publish
 *                                                       RelationDissolved, complete transfers waiting for it
 *   retry/reply  DISSOLVED                 (none)      nothing: the quota came back once already
 * </pre>
 */
public final class DissolutionSaga {

    public enum State { STARTED, DISSOLVED }

    /** What the saga history (saga_step, shown by GET /relations/{id}) records. */
    public enum Step { DISSOLVING, RELEASE_QUOTA_SENT, RELEASE_QUOTA_RESENT, QUOTA_RELEASED, DISSOLVED }

    public enum Effect {
        MARK_RELATION_DISSOLVING, PUBLISH_DISSOLVING, SEND_RELEASE_QUOTA, MARK_RELATION_DISSOLVED, PUBLISH_DISSOLVED,
        COMPLETE_TRANSFERS
    }

    /** One move of the machine: the state it ends in, the steps it records and the effects it performs. */
    public record Transition(State to, List<Step> steps, List<Effect> effects) {
        public boolean sendsCommand() {
            return effects.contains(Effect.SEND_RELEASE_QUOTA);
        }
    }

    private static final Transition START = new Transition(State.STARTED,
            List.of(Step.DISSOLVING, Step.RELEASE_QUOTA_SENT),
            List.of(Effect.MARK_RELATION_DISSOLVING, Effect.PUBLISH_DISSOLVING, Effect.SEND_RELEASE_QUOTA));
    private static final Transition START_UNCONSENTED = new Transition(State.DISSOLVED,
            List.of(Step.DISSOLVING, Step.DISSOLVED),
            List.of(Effect.MARK_RELATION_DISSOLVING, Effect.PUBLISH_DISSOLVING, Effect.MARK_RELATION_DISSOLVED,
                    Effect.PUBLISH_DISSOLVED, Effect.COMPLETE_TRANSFERS));
    private static final Transition RETRY = new Transition(State.STARTED,
            List.of(Step.RELEASE_QUOTA_RESENT), List.of(Effect.SEND_RELEASE_QUOTA));
    private static final Transition REPLY = new Transition(State.DISSOLVED,
            List.of(Step.QUOTA_RELEASED, Step.DISSOLVED),
            List.of(Effect.MARK_RELATION_DISSOLVED, Effect.PUBLISH_DISSOLVED, Effect.COMPLETE_TRANSFERS));

    private DissolutionSaga() {
    }

    public static Optional<Transition> start(RelationStatus relation) {
        if (relation == RelationStatus.ACTIVE) {
            return Optional.of(START);
        }
        if (relation == RelationStatus.PENDING_CONSENT) {
            return Optional.of(START_UNCONSENTED);
        }
        return Optional.empty();
    }

    public static Optional<Transition> retryDue(State current) {
        return current == State.STARTED ? Optional.of(RETRY) : Optional.empty();
    }

    public static Optional<Transition> replyReceived(State current) {
        return current == State.STARTED ? Optional.of(REPLY) : Optional.empty();
    }

    /** A saga still waiting for the wallet after {@code stuckAfter} needs a human look (metric and API flag). */
    public static boolean isStuck(State state, Instant startedAt, Instant now, Duration stuckAfter) {
        return state == State.STARTED && startedAt.plus(stuckAfter).isBefore(now);
    }

    /** Exponential backoff between ReleaseQuota sends: initial, initial*m, initial*m^2 ... capped at max. */
    public record Backoff(Duration initial, double multiplier, Duration max) {
        public Backoff {
            if (initial.isNegative() || initial.isZero() || multiplier < 1 || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs initial > 0, multiplier >= 1, max >= initial");
            }
        }

        /** When to send again after the {@code attempts}-th send (1 = the first one) at {@code sentAt}. */
        public Instant nextAttempt(Instant sentAt, int attempts) {
            double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
            long capped = (long) Math.min(millis, (double) max.toMillis());
            return sentAt.plusMillis(capped);
        }
    }
}
