package cn.mutualaid.registry.region.store;

import static cn.mutualaid.registry.Rows.instant;
import static cn.mutualaid.registry.Rows.utc;

import cn.mutualaid.contracts.KinshipScope;
import cn.mutualaid.registry.region.domain.ProvinceRollout;
import cn.mutualaid.registry.region.domain.Rollout;
import cn.mutualaid.registry.region.domain.RolloutChange;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
public class RolloutStore {
    private final DatabaseClient db;

    public RolloutStore(DatabaseClient db) {
        this.db = db;
    }

    public Flux<ProvinceRollout> provinces() {
        return db.sql("""
                select r.code, r.name, o.cross_province, o.kinship_scope, o.effective_from
                from region r join rollout o on o.province = r.code
                where r.level = 'PROVINCE' order by r.code""")
                .map(row -> new ProvinceRollout(row.get("code", String.class), row.get("name", String.class), rollout(row)))
                .all();
    }

    /** The current policy, locked until the end of the transaction (changes of one province are serialised). */
    public Mono<Rollout> lock(String province) {
        return db.sql("select cross_province, kinship_scope, effective_from from rollout where province = :p for update")
                .bind("p", province).map(RolloutStore::rollout).one();
    }

    public Mono<Void> change(String province, Rollout old, Rollout updated, String by, Instant at) {
        Mono<Long> update = db.sql("""
                update rollout set cross_province = :c, kinship_scope = :s, effective_from = :e,
                                   updated_at = :at, updated_by = :by
                where province = :p""")
                .bind("c", updated.crossProvince()).bind("s", updated.kinshipScope().name())
                .bind("e", utc(updated.effectiveFrom())).bind("at", utc(at)).bind("by", by).bind("p", province)
                .fetch().rowsUpdated();
        Mono<Long> audit = db.sql("""
                insert into rollout_audit (province, changed_by, changed_at,
                    old_cross_province, old_kinship_scope, old_effective_from,
                    new_cross_province, new_kinship_scope, new_effective_from)
                values (:p, :by, :at, :oc, :os, :oe, :nc, :ns, :ne)""")
                .bind("p", province).bind("by", by).bind("at", utc(at))
                .bind("oc", old.crossProvince()).bind("os", old.kinshipScope().name()).bind("oe", utc(old.effectiveFrom()))
                .bind("nc", updated.crossProvince()).bind("ns", updated.kinshipScope().name())
                .bind("ne", utc(updated.effectiveFrom()))
                .fetch().rowsUpdated();
        return update.then(audit).then();
    }

    public Flux<RolloutChange> history(String province, int page, int size) {
        return db.sql("""
                select changed_by, changed_at, old_cross_province, old_kinship_scope, old_effective_from,
                       new_cross_province, new_kinship_scope, new_effective_from
                from rollout_audit where province = :p order by id desc limit :size offset :offset""")
                .bind("p", province).bind("size", size).bind("offset", (long) page * size)
                .map(row -> new RolloutChange(row.get("changed_by", String.class), instant(row, "changed_at"),
                        new Rollout(row.get("old_cross_province", Boolean.class),
                                KinshipScope.valueOf(row.get("old_kinship_scope", String.class)),
                                instant(row, "old_effective_from")),
                        new Rollout(row.get("new_cross_province", Boolean.class),
                                KinshipScope.valueOf(row.get("new_kinship_scope", String.class)),
                                instant(row, "new_effective_from"))))
                .all();
    }

    static Rollout rollout(Readable row) {
        return new Rollout(row.get("cross_province", Boolean.class),
                KinshipScope.valueOf(row.get("kinship_scope", String.class)), instant(row, "effective_from"));
    }

}
