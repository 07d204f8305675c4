package cn.mutualaid.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import cn.mutualaid.platform.web.Page;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** {@code ?size=}: 1..{@link Page#MAX_SIZE}. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Min(1)
@Max(Page.MAX_SIZE)
public @interface PageSize {
    String message() default "size must be from 1 to " + Page.MAX_SIZE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
