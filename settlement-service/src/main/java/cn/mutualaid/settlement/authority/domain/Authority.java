package cn.mutualaid.settlement.authority.domain;

import cn.mutualaid.kernel.Province;
import java.util.Optional;

/**
 * Who may see or do what in settlement, from the caller's roles and area. The national clearing centre sees
 * everything (administrators read the national figures too); a province-level agency (area = the province code,
 * xx0000) acts for its own province only. City agencies settle with their province, not with the national level, so
 * they hold no authority here.
 *
 * @param area the agency's area claim as the token carries it (any text, or null)
 */
public record Authority(boolean clearing, boolean admin, boolean agency, String area) {

    /** The national readers: the clearing centre and administrators. */
    public boolean national() {
        return clearing || admin;
    }

    /** The province an agency administers as a whole; empty for a city agency and for everyone else. */
    public Optional<Province> agencyProvince() {
        return agency && Province.isCode(area) ? Optional.of(Province.of(area)) : Optional.empty();
    }

    public boolean isAgencyOf(Province province) {
        return agencyProvince().filter(province::equals).isPresent();
    }

    /** A month's summary holds no one province's figures: national readers and any province agency. */
    public boolean mayReadPeriod() {
        return national() || agencyProvince().isPresent();
    }

    /** A province's statement: the clearing centre, or that province's own agency. */
    public boolean mayReadStatement(Province province) {
        return clearing || isAgencyOf(province);
    }

    /** Only the province's own agency confirms its statement. */
    public boolean mayConfirmStatement(Province province) {
        return isAgencyOf(province);
    }

    /**
     * Statistics: national figures for the national readers; one province's figures for them and for that
     * province's own agency.
     */
    public boolean mayReadStatistics(Optional<Province> province) {
        return national() || province.map(this::isAgencyOf).orElse(false);
    }
}
