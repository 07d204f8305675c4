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
import java.util.regex.Pattern;

/**
 * The shape of every id the API takes (personId, relationId, paymentId, quotaId, providerId, transferId...): ids are
 * opaque strings (API.md), minted as UUIDs by the services or given by an identity provider (provider and person
 * subjects), always 1-64 characters of {@code [A-Za-z0-9._:-]} starting with a letter or digit. Checked before the id
 * reaches SQL or a log line. A path id of another shape is answered 404 (no such resource can exist), a body id 422.
 * {@code null} is left to {@code @NotNull}.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = OpaqueId.Validator.class)
public @interface OpaqueId {
    int MAX_LENGTH = 64;

    String message() default "must be an id: 1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<OpaqueId, CharSequence> {
        private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || isOpaqueId(value);
        }

        public static boolean isOpaqueId(CharSequence value) {
            return value.length() <= MAX_LENGTH && SHAPE.matcher(value).matches();
        }
    }
}
