package cn.mutualaid.platform.messaging;

/**
 * A message that can never be processed as it is: undecodable, of a type that does not travel on its topic, of a
 * contract version this consumer does not know, or with an invalid payload. It is parked in the dead-letter topic
 * with its reason (and can be replayed after a fix); every other failure is retried, never parked.
 */
public class PoisonMessage extends RuntimeException {

    /** Why a message was parked: a stable word for metrics and the parked-message listing. */
    public enum Reason { UNDECODABLE, WRONG_TOPIC, UNKNOWN_VERSION, INVALID_PAYLOAD }

    private final Reason reason;

    public PoisonMessage(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
