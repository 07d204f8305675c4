package cn.mutualaid.settlement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settlement numbers the seeds do not give (docs/domain.md rule 10), as configuration.
 *
 * @param closeGrace time after a month's end (China time) before the scheduler closes it by itself
 * @param autoClose  the scheduler that closes months
 * @param prepaid    prepaid-fund sizing
 */
@ConfigurationProperties("mesh.settlement")
public record SettlementProperties(
        @DefaultValue("P3D") Duration closeGrace,
        @DefaultValue AutoClose autoClose,
        @DefaultValue Prepaid prepaid) {

    /** @param interval how often the scheduler looks for months due to close */
    public record AutoClose(@DefaultValue("true") boolean enabled, @DefaultValue("PT5M") Duration interval) {
    }

    /**
     * @param months      required level = this many months of average net outflow
     * @param window      average over the last this-many settled periods
     * @param lowFraction LOW when the balance is below this fraction of the required level (a decimal, e.g. 0.5)
     * @param fourEyesFen a top-up above this many fen waits for a second CLEARING operator's approval
     */
    public record Prepaid(@DefaultValue("2") int months, @DefaultValue("3") int window,
            @DefaultValue("0.5") String lowFraction, @DefaultValue("1000000000") long fourEyesFen) {
    }
}
