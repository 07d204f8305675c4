package cn.mutualaid.contracts;

import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTerminated;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.PersonRegistered;
import cn.mutualaid.contracts.registry.ProviderRegistered;
import cn.mutualaid.contracts.registry.RolloutChanged;
import cn.mutualaid.contracts.registry.RolloutChangedV2;
import cn.mutualaid.contracts.registry.TransferExpired;
import cn.mutualaid.contracts.registry.TransferRefused;
import cn.mutualaid.contracts.registry.TransferRequested;
import cn.mutualaid.contracts.registry.TransferWithdrawn;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.contracts.relation.RelationDeclined;
import cn.mutualaid.contracts.relation.RelationDissolved;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.contracts.relation.RelationProposed;
import cn.mutualaid.contracts.settlement.PeriodClosed;
import cn.mutualaid.contracts.settlement.PrepaidFundLow;
import cn.mutualaid.contracts.settlement.StatementConfirmed;
import cn.mutualaid.contracts.settlement.StatementIssued;
import cn.mutualaid.contracts.wallet.AccountCredited;
import cn.mutualaid.contracts.wallet.AccountMoved;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.PaymentVoided;
import cn.mutualaid.contracts.wallet.QuotaAdjusted;
import cn.mutualaid.contracts.wallet.QuotaGranted;
import cn.mutualaid.contracts.wallet.QuotaReleased;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The catalogue of every message contract, and the one JSON mapper used on the wire. */
public final class Contracts {

    /** Every contract the mesh exchanges. A new contract is added here, and to the compatibility fixtures. */
    public static final List<Class<?>> ALL = List.of(
            PersonRegistered.class, InsuranceEnrolled.class, InsuranceTerminated.class, InsuranceTransferred.class,
            KinshipVerified.class, RolloutChanged.class, RolloutChangedV2.class, ProviderRegistered.class,
            TransferRequested.class, TransferRefused.class, TransferWithdrawn.class, TransferExpired.class,
            RelationProposed.class, RelationActivated.class, RelationDeclined.class, RelationDissolving.class,
            RelationDissolved.class,
            AccountCredited.class, QuotaGranted.class, QuotaAdjusted.class, QuotaReleased.class,
            PaymentCaptured.class, PaymentVoided.class, PaymentRefunded.class, AccountMoved.class, WalletMonthTotals.class,
            ReleaseQuota.class, ReleaseQuotaReply.class, MoveAccount.class,
            PeriodClosed.class, StatementIssued.class, StatementConfirmed.class, PrepaidFundLow.class);

    private static final Map<String, Class<?>> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(c -> key(contractOf(c).type(), contractOf(c).version()),
                    Function.identity()));

    // Unknown fields are ignored so that an older consumer reads a newer producer's additive changes.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Contracts() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static Contract contractOf(Class<?> type) {
        Contract contract = type.getAnnotation(Contract.class);
        if (contract == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @Contract");
        }
        return contract;
    }

    public static Class<?> classFor(String type, int version) {
        Class<?> found = BY_KEY.get(key(type, version));
        if (found == null) {
            throw new IllegalArgumentException("unknown contract " + type + " v" + version);
        }
        return found;
    }

    private static final Map<String, String> TOPIC_BY_TYPE = ALL.stream().map(Contracts::contractOf)
            .collect(Collectors.toUnmodifiableMap(Contract::type, Contract::topic, (a, b) -> {
                if (!a.equals(b)) {
                    throw new IllegalStateException("every version of a contract travels on one topic");
                }
                return a;
            }));

    /** A wire type of the catalogue, in any version. */
    public static boolean isKnownType(String type) {
        return TOPIC_BY_TYPE.containsKey(type);
    }

    /** The topic a wire type travels on (every version of a type travels on the same topic). */
    public static String topicOf(String type) {
        String topic = TOPIC_BY_TYPE.get(type);
        if (topic == null) {
            throw new IllegalArgumentException("unknown contract " + type);
        }
        return topic;
    }

    private static String key(String type, int version) {
        return type + "/v" + version;
    }
}
