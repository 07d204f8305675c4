package cn.mutualaid.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation takes an {@code Idempotency-Key}: missing where required or blank (400), still in flight under another
 * request (409), or sent again with another body (422).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Refuses(status = 400, codes = "IDEMPOTENCY_KEY_REQUIRED")
@Refuses(status = 409, codes = "IDEMPOTENCY_KEY_IN_FLIGHT")
@Refuses(status = 422, codes = "IDEMPOTENCY_KEY_REUSED")
public @interface RefusesIdempotencyKey {
}
