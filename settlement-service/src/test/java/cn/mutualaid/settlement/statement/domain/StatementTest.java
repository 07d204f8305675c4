package cn.mutualaid.settlement.statement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatementTest {

    @Test
    void aNetIsWhatIsReceivedLessWhatIsPaid() {
        assertThat(Statement.Counterpart.of("320000", 250, 2, 100, 1).netFen()).isEqualTo(-150);
        // An area settles with its province: cross-province net plus within-province spend less within-province fund.
        assertThat(Statement.Area.of("320500", 250, 2, 100, 1, 40, 1, 70, 3).netFen()).isEqualTo(-150 + 30);
        assertThatThrownBy(() -> Statement.Counterpart.of("320000", Long.MIN_VALUE, 1, 1, 1))
                .isInstanceOf(ArithmeticException.class);
    }
}
