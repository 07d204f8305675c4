package cn.mutualaid.registry.person.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each document that carries an 18-character number: accepted with its kind, or refused with the reason. */
class IdKindTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        "11010519491231002X, RESIDENT_ID_CARD, F, 1949-12-31",
        "650102201010100022, RESIDENT_ID_CARD, F, 2010-10-10",
        // 港澳居民居住证: Hong Kong 810000, Macao 820000
        "810000198001010014, HK_MACAO_RESIDENCE_PERMIT, M, 1980-01-01",
        "820000198506150022, HK_MACAO_RESIDENCE_PERMIT, F, 1985-06-15",
        // 台湾居民居住证: 830000
        "83000019900701003X, TAIWAN_RESIDENCE_PERMIT, M, 1990-07-01",
        "830000201001010047, TAIWAN_RESIDENCE_PERMIT, F, 2010-01-01",
        // 外国人永久居留身份证: 9, issued in Shanghai (31) to a national of 840; issued in Guangdong (44) to one of 392
        "931840197503200019, FOREIGN_PERMANENT_RESIDENCE_CARD, M, 1975-03-20",
        "944392200109090024, FOREIGN_PERMANENT_RESIDENCE_CARD, F, 2001-09-09",
        // a foreigner's card names a province and a nationality, no county: the GB/T 2260 county list is not asked
        "965392200002020020, FOREIGN_PERMANENT_RESIDENCE_CARD, F, 2000-02-02",
    })
    void eachKindIsAccepted(String raw, IdKind kind, String gender, LocalDate birthDate) {
        IdNumber number = IdNumber.parse(raw, TODAY);
        assertThat(number.kind()).isEqualTo(kind);
        assertThat(number.gender()).isEqualTo(gender);
        assertThat(number.birthDate()).isEqualTo(birthDate);
        assertThat(number.toString()).isEqualTo(IdNumber.mask(raw)).doesNotContain(raw.substring(6, 14));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        // resident cards: the prefix must be a mainland province of the regions table
        "710101198001010012, names no province",
        "660100198001010038, names no province",
        // ... and below it a county-level area of some GB/T 2260 edition since 1980
        "449999198001010014, names no county-level area",
        // permits carry exactly 810000, 820000 or 830000; other codes under 81-83 name nothing
        "81010019800101001X, names no province",
        "830100198001010056, names no province",
        // foreigners' cards: the issuing place is a mainland province (not 90, not the XPCC 66)
        "990840198001010017, issuing place of the permanent residence card names no province",
        "966840198001010017, issuing place of the permanent residence card names no province",
        // ... and the nationality is foreign: not 000, China, Taiwan, Hong Kong or Macao
        "911156198001010016, nationality code",
        "911000198001010019, nationality code",
        "911158198001010019, nationality code",
        "911344198001010011, nationality code",
        "944446198001010018, nationality code",
        // the birth date and check character rules hold for every kind
        "911840202701010013, future",
        "911840198002300012, does not exist",
        "931840197503200010, check character of the ID number is wrong",
        "820000198506150020, check character of the ID number is wrong",
        "830000199007010030, check character of the ID number is wrong",
    })
    void invalidNumbersOfEachKind(String raw, String reason) {
        assertThatThrownBy(() -> IdNumber.parse(raw, TODAY))
                .isInstanceOf(IdNumber.Invalid.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw));
    }

    @Test
    void aStoredNumberKeepsTheKindItWasAcceptedAs() {
        assertThat(IdNumber.kindOfStored("820000198506150022")).isEqualTo(IdKind.HK_MACAO_RESIDENCE_PERMIT);
        assertThat(IdNumber.kindOfStored("931840197503200019")).isEqualTo(IdKind.FOREIGN_PERMANENT_RESIDENCE_CARD);
        // the former rule took a 71 prefix as a resident card's; today it is refused, but the row stays readable
        assertThat(IdNumber.kindOfStored("710101198001010012")).isEqualTo(IdKind.RESIDENT_ID_CARD);
    }
}
