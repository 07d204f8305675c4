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
 * Text a person typed and another person will read (names, references, reasons): 1..{@link #max()} characters (code
 * points), not only whitespace, and none of the characters that make text lie about itself: control characters (NUL,
 * line breaks), format characters (bidi overrides, embeddings and isolates U+202A-202E / U+2066-2069, zero-width
 * U+200B-200F, U+2060-2064, U+FEFF, soft hyphen), line and paragraph separators, and unpaired surrogates. Han
 * characters of every extension, private-use characters (some rare name characters only exist there) and ordinary
 * spaces between words are fine. {@code null} is left to {@code @NotNull}. Store names through {@link HumanTexts#nfc(String)}.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = HumanText.Validator.class)
public @interface HumanText {
    int max() default 200;

    String message() default "must be 1-{max} visible characters, without control, format or bidi characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HumanText, CharSequence> {
        private int max;

        @Override
        public void initialize(HumanText annotation) {
            this.max = annotation.max();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || HumanTexts.isHumanText(value.toString(), max);
        }
    }
}
