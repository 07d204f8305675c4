package cn.mutualaid.wallet.code;

import cn.mutualaid.kernel.Totp;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.code.domain.CodeMatch;
import cn.mutualaid.wallet.code.domain.CodeUse;
import cn.mutualaid.wallet.code.domain.DeviceView;
import cn.mutualaid.wallet.code.domain.EnrolledDevice;
import cn.mutualaid.wallet.code.domain.OfflineCode;
import cn.mutualaid.wallet.code.domain.StoredCode;
import cn.mutualaid.wallet.code.domain.StoredDevice;
import cn.mutualaid.wallet.code.store.DeviceStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payment codes made offline by an enrolled device (the dynamic QR code of the big wallets): one online request per
 * device, then no request per payment before the provider's. The payment verifies the code in memory (the current
 * or the previous 30-second step) and uses its step in the one statement that used an online code before.
 */
@Service
public class OfflineCodes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ENROL_ATTEMPTS = 5;
    private final DeviceStore store;
    private final DeviceSecrets secrets;
    private final Audit audit;
    private final Clock clock;

    public OfflineCodes(DeviceStore store, DeviceKeysProperties keys, Audit audit, Clock clock) {
        this.store = store;
        this.secrets = secrets(keys);
        this.audit = audit;
        this.clock = clock;
    }

    /** A new device for the caller themself; its secret is in this answer only. */
    public Mono<EnrolledDevice> enrol(Caller caller) {
        Instant now = clock.instant();
        String keyId = secrets.currentKeyId();
        return Mono.defer(() -> Mono.just(OfflineCode.FIRST_DEVICE_ID + RANDOM.nextLong(OfflineCode.DEVICE_IDS)))
                .flatMap(id -> store.insert(id, caller.subject(), keyId, now).filter(Boolean::booleanValue).map(ok -> id))
                .repeatWhenEmpty(ENROL_ATTEMPTS - 1, attempts -> attempts)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no free device id after " + ENROL_ATTEMPTS
                        + " attempts")))
                .flatMap(id -> audit.record(caller, "payment-device.enrol", "payment-device", id.toString(),
                                caller.area(), Map.of("keyId", keyId))
                        .thenReturn(new EnrolledDevice(id.toString(), Base64.getUrlEncoder().withoutPadding()
                                .encodeToString(secrets.secret(keyId, id, caller.subject()).orElseThrow()),
                                Totp.STEP_SECONDS, Totp.DIGITS, "HMAC-SHA-256", now)));
    }

    public Flux<DeviceView> devices(String personId) {
        return store.ofPerson(personId);
    }

    /** The caller's own device stops paying at once; another person's device is 404, unchanged. */
    public Mono<Void> revoke(Caller caller, String deviceId) {
        Instant now = clock.instant();
        Optional<Long> id = deviceId(deviceId);
        return Mono.justOrEmpty(id)
                .filterWhen(d -> store.revoke(d, caller.subject(), now))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment device")))
                .flatMap(d -> audit.record(caller, "payment-device.revoke", "payment-device", deviceId, caller.area(),
                        Map.of("revokedAt", now.toString())));
    }

    /**
     * Uses the code for a payment by {@code patientId}, inside the payment's transaction. The happy path is the
     * HMAC in memory and one insert; a refusal reads the device once to say why.
     */
    public Mono<Void> use(OfflineCode code, String patientId, Instant now) {
        long nowStep = Totp.step(now);
        CodeMatch verdict = secrets.verify(code, patientId, nowStep);
        Mono<Boolean> used = verdict.kind() == CodeMatch.Kind.VALID
                ? store.use(code.deviceId(), patientId, verdict.step(), now) : Mono.just(false);
        return used.flatMap(ok -> ok ? Mono.<Void>empty() : refusal(code, patientId, nowStep));
    }

    private Mono<Void> refusal(OfflineCode code, String patientId, long nowStep) {
        return judge(code, patientId, nowStep)
                .map(refusal -> refusal.<RuntimeException>map(r -> r)
                        .orElseGet(() -> new IllegalStateException("offline payment code neither usable nor refused")))
                .flatMap(Mono::error);
    }

    /**
     * Whether the code could pay for {@code patientId} now, without using it (a payment's explanation): empty when it
     * could, otherwise the refusal {@link #use} would give.
     */
    public Mono<Void> check(OfflineCode code, String patientId, Instant now) {
        return judge(code, patientId, Totp.step(now))
                .flatMap(refusal -> refusal.<Mono<Void>>map(Mono::error).orElseGet(Mono::empty));
    }

    private Mono<Optional<Rejection>> judge(OfflineCode code, String patientId, long nowStep) {
        return store.find(code.deviceId(), nowStep - DeviceSecrets.EXPIRED_LOOKBACK_STEPS)
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .map(device -> judge(code, patientId, nowStep, device));
    }

    /**
     * Why the code cannot pay for {@code patientId} now, judged on its device as read (with the steps used since
     * {@link #lookup}'s {@code fromStep}); empty when it can. The rule {@link #use} and {@link #check} apply.
     */
    public Optional<Rejection> judge(OfflineCode code, String patientId, long nowStep, Optional<StoredDevice> device) {
        return device.map(d -> d.refusalFor(ownerMatch(d, code, nowStep), patientId))
                .orElseGet(() -> Optional.of(StoredCode.unknown()));
    }

    /** How a payment's facts statement finds this code's device, and the step it is used at once judged usable. */
    public CodeUse lookup(OfflineCode code, long nowStep, Optional<StoredDevice> device) {
        long step = device.map(d -> ownerMatch(d, code, nowStep).step()).orElse(0L);
        return new CodeUse(null, code.deviceId(), nowStep - DeviceSecrets.EXPIRED_LOOKBACK_STEPS, step);
    }

    /** The code checked for the device's owner under the key it was enrolled with (NONE when that key is gone). */
    private CodeMatch ownerMatch(StoredDevice device, OfflineCode code, long nowStep) {
        return secrets.secret(device.keyId(), code.deviceId(), device.personId())
                .map(secret -> DeviceSecrets.verify(secret, code.otp(), nowStep))
                .orElse(CodeMatch.NONE);
    }

    public Mono<Long> purgeUsesBefore(Instant cutoff) {
        return store.purgeUsesBefore(cutoff);
    }

    private static Optional<Long> deviceId(String text) {
        return Optional.ofNullable(text).filter(t -> t.matches("[1-9][0-9]{" + (OfflineCode.DEVICE_DIGITS - 1) + "}"))
                .map(Long::parseLong);
    }

    private static DeviceSecrets secrets(DeviceKeysProperties properties) {
        if (properties == null || properties.current() == null || properties.keys() == null
                || properties.keys().isEmpty()) {
            throw new IllegalStateException("mesh.wallet.device-keys needs keys and current (environment "
                    + "MESH_WALLET_DEVICEKEYS_KEYS_<ID>, MESH_WALLET_DEVICEKEYS_CURRENT)");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        properties.keys().forEach((id, base64) -> {
            try {
                keys.put(id, Base64.getDecoder().decode(base64.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("mesh.wallet.device-keys key " + id + " is not base64");
            }
        });
        try {
            return new DeviceSecrets(keys, properties.current());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("mesh.wallet.device-keys: " + e.getMessage());
        }
    }
}
