package cn.mutualaid.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * A rule said no. {@code code} is the stable machine code of the public contract (it becomes the problem's
 * {@code code}); {@link Kind} says what sort of "no" it is, and the web layer alone turns the kind into an HTTP status.
 * Domain rules return rejections as values (or throw them from application code); nothing here knows about HTTP.
 */
public class Rejection extends RuntimeException {

    /**
     * What sort of refusal: the edge maps MALFORMED 400, REFUSED 422, NOT_FOUND 404, FORBIDDEN 403, CONFLICT 409,
     * NOT_YET 503.
     */
    public enum Kind {
        /** The request cannot be read as the contract says (a path or query value of the wrong form) (400). */
        MALFORMED,
        /** A business rule refuses the request as it stands (422). */
        REFUSED,
        /** The target does not exist, or the caller may not know that it does (404). */
        NOT_FOUND,
        /** The caller is known to be outside the rule's authority (403). */
        FORBIDDEN,
        /** The request contradicts the current state (409). */
        CONFLICT,
        /** The answer depends on something this service has not seen yet; retry shortly (503). */
        NOT_YET
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> properties;

    public Rejection(Kind kind, String code, String detail) {
        this(kind, code, detail, Map.of());
    }

    public Rejection(Kind kind, String code, String detail, Map<String, Object> properties) {
        // No stack trace: a rejection is an answer, not a fault, and it is thrown on hot paths.
        super(detail, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.properties = Map.copyOf(properties);
    }

    public static Rejection refused(String code, String detail) {
        return new Rejection(Kind.REFUSED, code, detail);
    }

    public static Rejection malformed(String code, String detail) {
        return new Rejection(Kind.MALFORMED, code, detail);
    }

    public static Rejection conflict(String code, String detail) {
        return new Rejection(Kind.CONFLICT, code, detail);
    }

    public static Rejection notFound(String what) {
        return new Rejection(Kind.NOT_FOUND, "NOT_FOUND", what + " not found");
    }

    public static Rejection forbidden() {
        return new Rejection(Kind.FORBIDDEN, "FORBIDDEN", "not allowed for this caller");
    }

    public static Rejection forbidden(String code, String detail) {
        return new Rejection(Kind.FORBIDDEN, code, detail);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem (for example the existing personId on PERSON_EXISTS, for a caller who may see it). */
    public Map<String, Object> properties() {
        return properties;
    }
}
