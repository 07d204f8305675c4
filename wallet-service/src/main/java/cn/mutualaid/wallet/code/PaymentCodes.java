package cn.mutualaid.wallet.code;

import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.activation.domain.Activated;
import cn.mutualaid.wallet.activation.domain.Activated.Use;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.kernel.Totp;
import cn.mutualaid.wallet.code.domain.CodeFacts;
import cn.mutualaid.wallet.code.domain.CodeUse;
import cn.mutualaid.wallet.code.domain.IssuedCode;
import cn.mutualaid.wallet.code.domain.OfflineCode;
import cn.mutualaid.wallet.code.domain.StoredCode;
import cn.mutualaid.wallet.code.store.PaymentCodeStore;
import cn.mutualaid.wallet.support.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The patient's own short-lived, single-use payment code (like the dynamic 医保码): 256 random bits, base64url.
 * Only its SHA-256 is stored, so a database reader cannot pay with it.
 */
@Service
public record PaymentCodes(PaymentCodeStore store, OfflineCodes offline, Clock clock, WalletProperties properties) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    /** A fresh code for an activated wallet (else 409 WALLET_NOT_ACTIVE, nothing stored). */
    public Mono<IssuedCode> issue(String personId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.paymentCodeTtl());
        return store.insert(hash(code), personId, now, expiresAt)
                .flatMap(stored -> Activated.refusal(stored, Use.PAYMENT_CODE).<Mono<IssuedCode>>map(Mono::error)
                        .orElseGet(() -> Mono.just(new IssuedCode(code, expiresAt))));
    }

    public static byte[] hash(String code) {
        return Hashing.sha256(code.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Uses the code for a payment by {@code patientId}, inside the payment's transaction (a refused payment rolls the
     * use back). One conditional update on the happy path; when it matches nothing, the stored code says why
     * ({@link StoredCode#refusalFor}), or PAYMENT_CODE_INVALID when there is none. A code an enrolled device made
     * offline ({@link OfflineCode}: 20 digits) is checked by {@link OfflineCodes} instead.
     */
    public Mono<Void> use(String code, String patientId, Instant now) {
        Optional<OfflineCode> offlineCode = OfflineCode.parse(code);
        if (offlineCode.isPresent()) {
            return offline.use(offlineCode.get(), patientId, now);
        }
        byte[] hash = hash(code);
        return store.use(hash, patientId, now)
                .flatMap(used -> used ? Mono.<Void>empty() : store.find(hash)
                        .map(stored -> stored.refusalFor(patientId, now).<RuntimeException>map(r -> r)
                                .orElseGet(() -> new IllegalStateException("payment code neither usable nor refused")))
                        .defaultIfEmpty(StoredCode.unknown())
                        .flatMap(Mono::error));
    }

    /**
     * Whether the code could pay for {@code patientId} now, without using it (a payment's explanation): empty when it
     * could, otherwise the refusal {@link #use} would give.
     */
    public Mono<Void> check(String code, String patientId, Instant now) {
        Optional<OfflineCode> offlineCode = OfflineCode.parse(code);
        if (offlineCode.isPresent()) {
            return offline.check(offlineCode.get(), patientId, now);
        }
        return store.find(hash(code))
                .map(stored -> stored.refusalFor(patientId, now))
                .defaultIfEmpty(Optional.of(StoredCode.unknown()))
                .flatMap(refusal -> refusal.<Mono<Void>>map(Mono::error).orElseGet(Mono::empty));
    }

    /**
     * How a payment's one facts statement finds the code, and, once {@link #judge} found it usable on those facts
     * ({@code facts} given), how the payment's one database call uses it.
     */
    public CodeUse lookup(String code, Instant now, Optional<CodeFacts> facts) {
        Optional<OfflineCode> offlineCode = OfflineCode.parse(code);
        return offlineCode.map(c -> offline.lookup(c, Totp.step(now), facts.flatMap(CodeFacts::device)))
                .orElseGet(() -> new CodeUse(hash(code), null, 0, 0));
    }

    /**
     * Whether the code could pay for {@code patientId} now, judged on the facts read with {@link #lookup}: empty when
     * it could, otherwise the refusal {@link #use} would give (the same domain rules, {@link StoredCode#refusalFor}
     * and {@code StoredDevice.refusalFor}). The payment's database call then uses it only if it is still usable.
     */
    public Optional<Rejection> judge(String code, String patientId, Instant now, CodeFacts facts) {
        Optional<OfflineCode> offlineCode = OfflineCode.parse(code);
        if (offlineCode.isPresent()) {
            return offline.judge(offlineCode.get(), patientId, Totp.step(now), facts.device());
        }
        return facts.stored().map(stored -> stored.refusalFor(patientId, now))
                .orElseGet(() -> Optional.of(StoredCode.unknown()));
    }

    /** Forgets codes a day after they expired, and the used steps of offline codes after a day as well. */
    public Mono<Long> purgeExpired(Instant now) {
        return store.purgeExpiredBefore(now.minus(KEPT_AFTER_EXPIRY))
                .zipWith(offline.purgeUsesBefore(now.minus(KEPT_AFTER_EXPIRY)), Long::sum);
    }
}
