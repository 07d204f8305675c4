package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IdNumbersTest {
    @Test
    void aNumberCarriesACountyLevelCodeOfItsAreaAndAValidCheckCharacter() {
        String suzhou = IdNumbers.random("320500", LocalDate.of(1968, 3, 15), true);
        assertThat(suzhou).startsWith("32050119680315").hasSize(18);
        assertThat(suzhou.charAt(17)).isEqualTo(IdNumbers.checkCharacter(suzhou.substring(0, 17)));
        assertThat(Character.getNumericValue(suzhou.charAt(16)) % 2).isEqualTo(1);
        assertThat(IdNumbers.random("419001", LocalDate.of(1990, 1, 1), false)).startsWith("419001");
        assertThat(IdNumbers.random("660100", LocalDate.of(1990, 1, 1), false)).startsWith("659001");
    }

    @Test
    void theStandardsExampleHasItsCheckCharacter() {
        assertThat(IdNumbers.checkCharacter("11010519491231002")).isEqualTo('X');
    }
}
