package cn.mutualaid.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A date or instant a request may carry: from {@link #FIRST} to {@link #LAST}. Java reads years up to a billion (year
 * 300000, -999999999-01-01) that PostgreSQL cannot store and date arithmetic overflows on; such a value is a 422, not a
 * 500 from the database. {@code null} is left to {@code @NotNull}. Applies to {@link Instant}, {@link LocalDate} and
 * {@link OffsetDateTime}.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = PlausibleDate.Validator.class)
public @interface PlausibleDate {
    LocalDate FIRST = LocalDate.of(1900, 1, 1);
    LocalDate LAST = LocalDate.of(9999, 12, 31);

    String message() default "must be a date from 1900-01-01 to 9999-12-31";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlausibleDate, Object> {
        private static final Instant FIRST_INSTANT = FIRST.atStartOfDay().toInstant(ZoneOffset.UTC);
        private static final Instant END_INSTANT = LAST.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value instanceof LocalDate date) {
                return !date.isBefore(FIRST) && !date.isAfter(LAST);
            }
            Instant instant = value instanceof OffsetDateTime time ? time.toInstant()
                    : value instanceof Instant i ? i : null;
            return instant != null && !instant.isBefore(FIRST_INSTANT) && instant.isBefore(END_INSTANT);
        }
    }
}
