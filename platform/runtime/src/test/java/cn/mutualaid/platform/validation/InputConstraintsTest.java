package cn.mutualaid.platform.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The platform's input constraints, as Bean Validation applies them to a request record. */
class InputConstraintsTest {
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    record Amount(@Fen Long amountFen) {
    }

    record Total(@Fen(min = 0) long amountFen) {
    }

    record Named(@HumanText(max = 20) String name) {
    }

    record Identified(@OpaqueId String id) {
    }

    record Dated(@PlausibleDate Instant at, @PlausibleDate LocalDate on) {
    }

    record Paged(@PageNumber int page, @PageSize int size) {
    }

    private static boolean valid(Object request) {
        return VALIDATOR.validate(request).isEmpty();
    }

    @Test
    void amountsAreWholeFenFromOneToTheDocumentedMaximum() {
        assertThat(valid(new Amount(1L))).isTrue();
        assertThat(valid(new Amount(Fen.MAX))).isTrue();
        assertThat(valid(new Amount(null))).as("null is @NotNull's business").isTrue();
        assertThat(valid(new Amount(0L))).isFalse();
        assertThat(valid(new Amount(-1L))).isFalse();
        assertThat(valid(new Amount(Fen.MAX + 1))).isFalse();
        assertThat(valid(new Amount(Long.MAX_VALUE))).isFalse();
        assertThat(valid(new Amount(Long.MIN_VALUE))).isFalse();
        assertThat(valid(new Total(0))).as("a field that may be zero says so").isTrue();
        assertThat(valid(new Total(-1))).isFalse();
    }

    @Test
    void theMaximumLeavesRoomForNinetyMillionAmountsInOneSum() {
        assertThat(Long.MAX_VALUE / Fen.MAX).isGreaterThan(90_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"张三", "Zhang San", "欧阳 娜娜", "𠮷野家", "O'Neil-Smith", "ID 320500/2024", "\uE000\u4E00"})
    void ordinaryNamesPass(String name) {
        assertThat(valid(new Named(name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u3000\u3000", "\t", "\u00A0", "a\u0000b", "a\nb", "a\rb", "a\u007Fb", "a\u0085b",
            "\u202Eevil", "a\u202Ab", "a\u202Db", "a\u2066b", "a\u2067b", "a\u2068b", "a\u2069b", "a\u200Bb",
            "a\u200Cb", "a\u200Db", "a\u200Eb", "a\u200Fb", "\uFEFFa", "a\u2060b", "a\u2064b", "a\u00ADb", "a\u2028b",
            "a\u2029b", "a\uD800", "\uDC00a", "a\uFFFF", "\u3164", "\u2800", "twenty-one characters"})
    void invisibleControlBidiBlankAndTooLongTextIsRefused(String name) {
        assertThat(valid(new Named(name))).as("%s", name.codePoints().mapToObj(Integer::toHexString).toList())
                .isFalse();
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(valid(new Named("𠮷".repeat(20)))).isTrue();
        assertThat(valid(new Named("𠮷".repeat(21)))).isFalse();
    }

    @Test
    void namesAreStoredInOneNormalForm() {
        assertThat(HumanTexts.nfc("e\u0301")).isEqualTo("\u00E9");
        assertThat(HumanTexts.nfc("张三")).isEqualTo("张三");
        assertThat(HumanTexts.nfc(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "hospital-1", "emp-1", "a", "p:1.2_x"})
    void idsOfTheDocumentedShapePass(String id) {
        assertThat(valid(new Identified(id))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-x", "a b", "a'b", "a;drop", "a/b", "a%00", "a\u0000", "张三", "a\u202E",
            "x1234567890123456789012345678901234567890123456789012345678901234"})
    void idsOfAnotherShapeAreRefused(String id) {
        assertThat(valid(new Identified(id))).isFalse();
    }

    @Test
    void datesOutsideTheCalendarPostgresStoresAreRefused() {
        assertThat(valid(new Dated(Instant.parse("2026-01-01T00:00:00Z"), LocalDate.of(2026, 1, 1)))).isTrue();
        assertThat(valid(new Dated(Instant.parse("1900-01-01T00:00:00Z"), LocalDate.of(9999, 12, 31)))).isTrue();
        assertThat(valid(new Dated(Instant.parse("+300000-01-01T00:00:00Z"), null))).isFalse();
        assertThat(valid(new Dated(Instant.parse("0000-01-01T00:00:00Z"), null))).isFalse();
        assertThat(valid(new Dated(Instant.MAX, null))).isFalse();
        assertThat(valid(new Dated(Instant.parse("+10000-01-01T00:00:00Z"), null))).isFalse();
        assertThat(valid(new Dated(null, LocalDate.MIN))).isFalse();
        assertThat(valid(new Dated(null, LocalDate.MAX))).isFalse();
        assertThat(valid(new Dated(null, LocalDate.of(1899, 12, 31)))).isFalse();
    }

    @Test
    void pagingIsBoundedAtBothEnds() {
        assertThat(valid(new Paged(0, 1))).isTrue();
        assertThat(valid(new Paged(cn.mutualaid.platform.web.Page.MAX_PAGE, 200))).isTrue();
        assertThat(valid(new Paged(-1, 20))).isFalse();
        assertThat(valid(new Paged(Integer.MAX_VALUE, 20))).isFalse();
        assertThat(valid(new Paged(0, 0))).isFalse();
        assertThat(valid(new Paged(0, 201))).isFalse();
        assertThat(VALIDATOR.validate(new Paged(-1, 0))).hasSize(2);
    }
}
