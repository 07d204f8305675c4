package cn.mutualaid.registry.region.store;

import static cn.mutualaid.platform.store.Rows.instant;
import static cn.mutualaid.platform.store.Rows.utc;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.registry.region.domain.Rollout;
import cn.mutualaid.registry.region.domain.RolloutChange;
import cn.mutualaid.registry.region.domain.RolloutSetting;
import io.r2dbc.spi.Readable;
import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rollout settings of provinces and pooling areas: rows are added, never updated or deleted. */
@Component
public record RolloutStore(DatabaseClient db) {
    private static final String COLUMNS =
            "id, code, geographic_scope, kinship_scope, effective_from, changed_by, changed_at";

    /**
     * Serialises the changes of one code until the transaction ends, by locking its region row. "No key update"
     * does not block the key-share locks that inserts referencing the region take.
     */
    public Mono<Void> lock(String code) {
        return db.sql("select code from region where code = :c for no key update").bind("c", code)
                .map(row -> code).all().then();
    }

    /** Every setting of the given codes, in filing order. */
    public Flux<RolloutSetting> of(Collection<String> codes) {
        return db.sql("select " + COLUMNS + " from rollout_setting where code in (:codes) order by id")
                .bind("codes", codes).map(RolloutStore::setting).all();
    }

    /** Every setting of every province (a few per province), in filing order. */
    public Flux<RolloutSetting> ofProvinces() {
        return db.sql("select " + COLUMNS + " from rollout_setting where code like '__0000' order by id")
                .map(RolloutStore::setting).all();
    }

    public Mono<Void> insert(RolloutSetting s) {
        return db.sql("""
                insert into rollout_setting (code, geographic_scope, kinship_scope, effective_from, changed_by, changed_at)
                values (:code, :geo, :kin, :from, :by, :at)""")
                .bind("code", s.code()).bind("geo", s.geographicScope().name()).bind("kin", s.kinshipScope().name())
                .bind("from", utc(s.effectiveFrom())).bind("by", s.changedBy()).bind("at", utc(s.changedAt()))
                .fetch().rowsUpdated().then();
    }

    /** The settings filed for a code, newest first. */
    public Flux<RolloutSetting> history(String code, int page, int size) {
        return db.sql("select " + COLUMNS + " from rollout_setting where code = :c order by id desc"
                        + " limit :size offset :offset")
                .bind("c", code).bind("size", size).bind("offset", (long) page * size)
                .map(RolloutStore::setting).all();
    }

    /**
     * A province's changes, newest first, each with the setting filed before it ({@code from} null for the first:
     * the default was in force).
     */
    public Flux<RolloutChange> provinceChanges(String province, int page, int size) {
        return db.sql("""
                select changed_by, changed_at, geographic_scope, kinship_scope, effective_from,
                       lag(geographic_scope) over w as old_geographic_scope,
                       lag(kinship_scope) over w as old_kinship_scope,
                       lag(effective_from) over w as old_effective_from
                from rollout_setting where code = :p
                window w as (order by id)
                order by id desc limit :size offset :offset""")
                .bind("p", province).bind("size", size).bind("offset", (long) page * size)
                .map(row -> new RolloutChange(row.get("changed_by", String.class), instant(row, "changed_at"),
                        row.get("old_geographic_scope", String.class) == null ? null
                                : rollout(row, "old_geographic_scope", "old_kinship_scope", "old_effective_from"),
                        rollout(row, "geographic_scope", "kinship_scope", "effective_from")))
                .all();
    }

    private static Rollout rollout(Readable row, String geographic, String kinship, String effectiveFrom) {
        return new Rollout(AidScope.valueOf(row.get(geographic, String.class)) == AidScope.CROSS_PROVINCE,
                KinshipScope.valueOf(row.get(kinship, String.class)), instant(row, effectiveFrom));
    }

    static RolloutSetting setting(Readable row) {
        return new RolloutSetting(row.get("id", Long.class), row.get("code", String.class),
                AidScope.valueOf(row.get("geographic_scope", String.class)),
                KinshipScope.valueOf(row.get("kinship_scope", String.class)), instant(row, "effective_from"),
                row.get("changed_by", String.class), instant(row, "changed_at"));
    }
}
