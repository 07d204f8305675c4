package cn.mutualaid.wallet.code.store;

import cn.mutualaid.wallet.code.domain.DeviceView;
import cn.mutualaid.wallet.code.domain.StoredDevice;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Enrolled offline-code devices and the (device, time step) pairs already used. */
@Component
public record DeviceStore(DatabaseClient db) {
    /** @return false when the id is taken (the caller draws another) */
    public Mono<Boolean> insert(long deviceId, String personId, String keyId, Instant now) {
        return db.sql("""
                        insert into payment_device (device_id, person_id, key_id, created_at)
                        values (:d, :p, :k, :now)
                        on conflict (device_id) do nothing""")
                .bind("d", deviceId).bind("p", personId).bind("k", keyId).bind("now", now)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /**
     * Uses the step of the patient's own, unrevoked device: one statement, and the primary key of offline_code_use
     * lets only one payment use a step. @return whether it was used now
     */
    public Mono<Boolean> use(long deviceId, String patientId, long step, Instant now) {
        return db.sql("""
                        insert into offline_code_use (device_id, step, used_at)
                        select d.device_id, :s, :now from payment_device d
                        where d.device_id = :d and d.person_id = :p and d.revoked_at is null
                        on conflict (device_id, step) do nothing""")
                .bind("s", step).bind("now", now).bind("d", deviceId).bind("p", patientId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** The device with the steps used since {@code fromStep}, to say why a code was refused. */
    public Mono<StoredDevice> find(long deviceId, long fromStep) {
        return db.sql("""
                        select d.person_id, d.key_id, d.revoked_at,
                               array(select u.step from offline_code_use u
                                     where u.device_id = d.device_id and u.step >= :from) as used
                        from payment_device d where d.device_id = :d""")
                .bind("from", fromStep).bind("d", deviceId)
                .map(row -> new StoredDevice(row.get("person_id", String.class), row.get("key_id", String.class),
                        row.get("revoked_at", Instant.class), steps(row.get("used", Long[].class))))
                .one();
    }

    public Flux<DeviceView> ofPerson(String personId) {
        return db.sql("""
                        select device_id, created_at, revoked_at from payment_device
                        where person_id = :p order by created_at desc, device_id""")
                .bind("p", personId)
                .map(row -> new DeviceView(String.valueOf(row.get("device_id", Long.class)),
                        row.get("created_at", Instant.class), row.get("revoked_at", Instant.class)))
                .all();
    }

    /** Revokes the person's own device; a repeat keeps the first time. @return false when it is not theirs */
    public Mono<Boolean> revoke(long deviceId, String personId, Instant now) {
        return db.sql("""
                        update payment_device set revoked_at = coalesce(revoked_at, :now)
                        where device_id = :d and person_id = :p""")
                .bind("now", now).bind("d", deviceId).bind("p", personId)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    public Mono<Long> purgeUsesBefore(Instant cutoff) {
        return db.sql("delete from offline_code_use where used_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch().rowsUpdated();
    }

    private static List<Long> steps(Long[] steps) {
        return steps == null ? List.of() : Arrays.asList(steps);
    }
}
