package cn.mutualaid.registry.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.registry.transfer.domain.TransferRules.Filing;
import cn.mutualaid.registry.transfer.domain.TransferRules.Standing;
import org.junit.jupiter.api.Test;

class TransferRulesTest {

    @Test
    void theCurrentAreaMovesAtOnceTheTargetAreaAsksAndNobodyElseKnowsThePerson() {
        assertThat(TransferRules.filing(true, false)).isEqualTo(Filing.COMPLETE_AT_ONCE);
        assertThat(TransferRules.filing(true, true)).isEqualTo(Filing.COMPLETE_AT_ONCE);
        assertThat(TransferRules.filing(false, true)).isEqualTo(Filing.REQUEST);
        assertThatThrownBy(() -> TransferRules.filing(false, false))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.NOT_FOUND));
    }

    @Test
    void theLosingSideDecidesTheAskingSideWithdrawsOthersGet404() {
        Standing current = new Standing(true, false, false);
        Standing target = new Standing(false, true, false);
        Standing person = new Standing(false, false, true);
        Standing nobody = new Standing(false, false, false);
        for (TransferAction decision : new TransferAction[] {TransferAction.CONFIRM, TransferAction.REFUSE}) {
            assertThatCode(() -> TransferRules.mayAct(decision, current)).doesNotThrowAnyException();
            assertThatCode(() -> TransferRules.mayAct(decision, person)).doesNotThrowAnyException();
            assertThatThrownBy(() -> TransferRules.mayAct(decision, target)).isInstanceOfSatisfying(Rejection.class,
                    r -> assertThat(r.code()).isEqualTo("TRANSFER_NOT_YOURS"));
        }
        assertThatCode(() -> TransferRules.mayAct(TransferAction.WITHDRAW, target)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TransferRules.mayAct(TransferAction.WITHDRAW, current))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.FORBIDDEN));
        for (TransferAction any : TransferAction.values()) {
            assertThatThrownBy(() -> TransferRules.mayAct(any, nobody))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.NOT_FOUND));
        }
        assertThat(TransferAction.CONFIRM.outcome()).isEqualTo(TransferStatus.COMPLETED);
    }
}
