package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.wallet.payment.domain.ContributionStandards;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The contribution standards in fen per person-year ({@code mesh.wallet.contributions}), per category: {@code
 * standards} by year for the whole country, {@code areas} by a pooling-area or province code, then by year, for the
 * places whose figure differs (an area's own figure wins over its province's).
 */
@ConfigurationProperties("mesh.wallet.contributions")
public record ContributionProperties(Table resident, Table ltc) {

    public record Table(Map<Integer, Long> standards, Map<String, Map<Integer, Long>> areas) {
        ContributionStandards.Table toDomain() {
            return new ContributionStandards.Table(standards == null ? Map.of() : standards,
                    areas == null ? Map.of() : areas);
        }
    }

    public ContributionStandards standards() {
        Table none = new Table(null, null);
        return new ContributionStandards(Map.of(
                PaymentCategory.RESIDENT_CONTRIBUTION, (resident == null ? none : resident).toDomain(),
                PaymentCategory.LTC_CONTRIBUTION, (ltc == null ? none : ltc).toDomain()));
    }
}
