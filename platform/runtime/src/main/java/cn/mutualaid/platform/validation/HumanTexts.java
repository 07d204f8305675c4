package cn.mutualaid.platform.validation;

import java.text.Normalizer;

/** The rules behind {@link HumanText}, for code that checks or stores text outside of Bean Validation. */
public final class HumanTexts {
    private HumanTexts() {
    }

    /** One spelling per name: the same name typed on two keyboards compares equal once stored (NFC). */
    public static String nfc(String text) {
        return text == null ? null : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Whether {@code text} is acceptable human text of at most {@code max} code points. */
    public static boolean isHumanText(String text, int max) {
        int count = 0;
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (++count > max || forbidden(cp)) {
                return false;
            }
            visible |= !(Character.isWhitespace(cp) || Character.isSpaceChar(cp));
        }
        return visible;
    }

    private static boolean forbidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            // Noncharacters (U+FFFE, U+FFFF and their kin) are never text; the Hangul fillers and the blank braille
            // pattern are letters that print as nothing, the classic way to make an "empty" name.
            default -> (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)
                    || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
        };
    }
}
