package cn.mutualaid.registry.person.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GB 11643-1999 rule, table-driven: valid numbers with what they reveal, and each kind of invalid one. */
class IdNumberTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @ParameterizedTest(name = "{0} is valid: {1} born {2}")
    @CsvSource({
        // the standard's example: check character X, sequence 002 (even) = female
        "11010519491231002X, F, 1949-12-31, 11010519491231002X, 110105********002X",
        // lowercase x is normalised; surrounding spaces ignored
        "' 11010519491231002x ', F, 1949-12-31, 11010519491231002X, 110105********002X",
        // 29 February of a leap year; sequence 123 (odd) = male
        "320505200002291236, M, 2000-02-29, 320505200002291236, 320505********1236",
        "510101198001010015, M, 1980-01-01, 510101198001010015, 510101********0015",
        "650102201010100022, F, 2010-10-10, 650102201010100022, 650102********0022",
        "440308199912310045, F, 1999-12-31, 440308199912310045, 440308********0045",
        // Hong Kong residence permit numbers (81) are in the same scheme
        "810000198001010014, M, 1980-01-01, 810000198001010014, 810000********0014",
        // the address code of a county abolished since (Beijing's Chongwen, merged in 2010) stays valid
        "11010319650505001X, M, 1965-05-05, 11010319650505001X, 110103********001X",
        // ... and so does one of the 1980 edition only (Yueyang county, renumbered in 1981)
        "432221195003030027, F, 1950-03-03, 432221195003030027, 432221********0027",
    })
    void validNumbers(String raw, String gender, LocalDate birthDate, String normalised, String masked) {
        IdNumber number = IdNumber.parse(raw, TODAY);
        assertThat(number.gender()).isEqualTo(gender);
        assertThat(number.birthDate()).isEqualTo(birthDate);
        assertThat(number.value()).isEqualTo(normalised);
        assertThat(number.masked()).isEqualTo(masked);
        assertThat(number.toString()).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        // wrong length
        "11010519491231002, 18 characters",
        "11010519491231002X1, 18 characters",
        "110105491231002, 18 characters",
        "'', 18 characters",
        // bad characters
        "1101051949123100XX, first 17 characters",
        "11010519491231A02X, first 17 characters",
        "１１０１０５１９４９１２３１００２X, first 17 characters",
        "11010519491231002Y, check character of an ID number is a digit or X",
        "11010519491231002-, check character of an ID number is a digit or X",
        // address code naming no province
        "990101198001010014, names no province",
        // address codes never assigned to a county, and a prefecture's with counties under it (Suzhou)
        "110199198001010016, names no county-level area",
        "320599198001010017, names no county-level area",
        "320500198001010015, names no county-level area",
        // dates that do not exist (30 February, 13th month, day 00, 29 February of a non-leap year)
        "320505194902300021, does not exist",
        "32050519491301002X, does not exist",
        "320505194901000027, does not exist",
        "320505202302290023, does not exist",
        // future birth date (after TODAY)
        "410101202612010052, future",
        // implausibly early
        "320505187901010019, implausibly early",
        // wrong check character (the right one is X; and 0 for the second number)
        "110105194912310021, check character of the ID number is wrong",
        "320505194912310029, check character of the ID number is wrong",
    })
    void invalidNumbers(String raw, String reason) {
        assertThatThrownBy(() -> IdNumber.parse(raw, TODAY))
                .isInstanceOf(IdNumber.Invalid.class)
                .hasMessageContaining(reason)
                // the reason never repeats the number
                .satisfies(e -> assertThat(raw.isBlank() || !e.getMessage().contains(raw.strip())).isTrue());
    }

    @Test
    void aMissingNumberIsInvalid() {
        assertThatThrownBy(() -> IdNumber.parse(null, TODAY)).isInstanceOf(IdNumber.Invalid.class);
    }

    @Test
    void theCheckCharacterFollowsTheWeightsAndTheMapping() {
        // weighted sum of 11010519491231002 is 167; 167 mod 11 = 2, which maps to X
        assertThat(IdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumber.checkCharacter("32050520000229123")).isEqualTo('6');
    }

    @Test
    void bornTodayIsValid() {
        String first17 = "410101" + "20261123" + "005";
        IdNumber number = IdNumber.parse(first17 + IdNumber.checkCharacter(first17), TODAY);
        assertThat(number.birthDate()).isEqualTo(TODAY);
        assertThat(number.gender()).isEqualTo("M");
    }
}
