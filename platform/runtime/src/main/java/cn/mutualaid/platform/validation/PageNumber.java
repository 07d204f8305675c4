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

/** {@code ?page=}: 0..{@link Page#MAX_PAGE}, so that no offset a store computes can overflow. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Min(0)
@Max(Page.MAX_PAGE)
public @interface PageNumber {
    String message() default "page must be from 0 to " + Page.MAX_PAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
