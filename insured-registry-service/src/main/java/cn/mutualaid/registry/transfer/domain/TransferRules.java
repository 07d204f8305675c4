package cn.mutualaid.registry.transfer.domain;

import cn.mutualaid.kernel.Rejection;

/**
 * Who may do what with a transfer (医保关系转移接续). An agency acts only for the people insured in its area: the
 * current area may move its person out at once; the target area may only ask, and the current area (or the person)
 * decides. Whoever has no part in a transfer is told it does not exist.
 */
public final class TransferRules {
    private TransferRules() {
    }

    /** How a filing proceeds. */
    public enum Filing {
        /** Filed by the current area: the enrollment moves in the same transaction. */
        COMPLETE_AT_ONCE,
        /** Filed by the target area: nothing moves until the current area or the person confirms. */
        REQUEST
    }

    /** What a caller is to one transfer: an agency of either side, or the person being transferred. */
    public record Standing(boolean currentArea, boolean targetArea, boolean person) {
        public boolean hasAPart() {
            return currentArea || targetArea || person;
        }
    }

    /** The current area wins when the caller administers both (a province agency moving someone inside it). */
    public static Filing filing(boolean administersCurrent, boolean administersTarget) {
        if (administersCurrent) {
            return Filing.COMPLETE_AT_ONCE;
        }
        if (administersTarget) {
            return Filing.REQUEST;
        }
        throw Rejection.notFound("person");
    }

    /**
     * Confirm and refuse belong to the side that loses the person (its agency, or the person), withdraw to the side
     * that asked. A caller with no part gets 404; a party acting out of turn gets 403.
     */
    public static void mayAct(TransferAction action, Standing standing) {
        if (!standing.hasAPart()) {
            throw Rejection.notFound("transfer");
        }
        boolean allowed = switch (action) {
            case CONFIRM, REFUSE -> standing.currentArea() || standing.person();
            case WITHDRAW -> standing.targetArea();
        };
        if (!allowed) {
            throw Rejection.forbidden("TRANSFER_NOT_YOURS",
                    action == TransferAction.WITHDRAW ? "only the area that filed the request may withdraw it"
                            : "only the person's current area, or the person, may " + action.name().toLowerCase()
                                    + " the request");
        }
    }
}
