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

/**
 * An amount of money in a request: whole fen, from {@link #min()} (1 unless the field may be zero) to {@link #MAX}.
 * The one bound every endpoint uses. {@code null} is left to {@code @NotNull}.
 *
 * <p>Why {@link #MAX} = 10^11 fen (one billion yuan): far above any single payment, allocation or provincial top-up,
 * and small enough that 92 million of them still fit in a signed 64-bit sum. Balances are capped at
 * {@link #MAX_BALANCE}; sums that could still grow without bound (totals over many payments) are computed exactly
 * (SQL numeric, {@link Math#addExact}) and fail loudly rather than wrap.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = Fen.Validator.class)
public @interface Fen {
    long MAX = 100_000_000_000L;
    /**
     * The most one balance (a personal account, a provincial prepaid fund) may hold: 10^15 fen. Stores add to a
     * balance only under {@code balance + amount <= MAX_BALANCE}, so that no balance, and no sum of up to 9,000 of
     * them, can overflow 64 bits; a movement that would pass it is refused (422).
     */
    long MAX_BALANCE = 1_000_000_000_000_000L;

    long min() default 1;

    String message() default "must be a whole number of fen from {min} to " + MAX;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Fen, Number> {
        private long min;

        @Override
        public void initialize(Fen annotation) {
            if (annotation.min() < 0 || annotation.min() > MAX) {
                throw new IllegalArgumentException("@Fen(min) must be within 0.." + MAX);
            }
            this.min = annotation.min();
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            // Only integral types: a fraction never reaches here (the JSON reader refuses it), and a
            // BigDecimal/Double field would be a mistake in a request record.
            if (!(value instanceof Long || value instanceof Integer || value instanceof Short)) {
                return false;
            }
            long fen = value.longValue();
            return fen >= min && fen <= MAX;
        }
    }
}
