package cn.mutualaid.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Problems an operation answers, by status, with their stable {@code code}s, for its OpenAPI document: an integrator
 * reads here every refusal a call can meet. The answers every operation can give (400 malformed input, 401, 403 for
 * a role outside the route, 422 invalid fields, 503) are added to every operation by {@link ProblemDocumentation}
 * and need not be listed. A refusal group that recurs is written once as an annotation carrying its {@code Refuses}
 * ({@link RefusesNotFound}, {@link RefusesIdempotencyKey}, or a service's own); the document reads both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Refuses.All.class)
public @interface Refuses {
    /** The HTTP status of these problems (400, 403, 404, 409, 422, 503...). */
    int status();

    /** The problem codes answered with that status. */
    String[] codes();

    /** Holder of several {@link Refuses} on one operation. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @interface All {
        Refuses[] value();
    }
}
