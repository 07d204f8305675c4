package cn.mutualaid.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The operation names something by id that may not exist or may not be the caller's to see: 404 {@code NOT_FOUND}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Refuses(status = 404, codes = "NOT_FOUND")
public @interface RefusesNotFound {
}
