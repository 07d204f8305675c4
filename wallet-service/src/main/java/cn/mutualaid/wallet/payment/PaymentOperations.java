package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.idempotency.IdempotentRequest;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What an Idempotency-Key guards on a payment: the operation, the payment it acts on (none for AUTHORIZE) and the
 * request body, as the platform's {@link IdempotentRequest}.
 */
public final class PaymentOperations {
    private PaymentOperations() {
    }

    /** The money-moving operations on payments, by their domain names (stored in {@code idempotency_key.operation}). */
    public enum Operation {
        AUTHORIZE, CAPTURE, VOID, REFUND
    }

    /** A refund's body: the amount; the same JSON as the refund request. */
    public record RefundAmount(long amountFen) {
    }

    /**
     * A payment's body. The year comes last and is left out when absent, so a key stored before payments named a
     * year hashes as it did and its retry still gets the stored answer.
     */
    record AuthorizeBody(String paymentCode, String patientId, long amountFen, PaymentCategory category,
            boolean capture, @JsonInclude(JsonInclude.Include.NON_NULL) Integer contributionYear) {
    }

    public static IdempotentRequest authorize(PaymentOrder order) {
        return of(Operation.AUTHORIZE, null, new AuthorizeBody(order.paymentCode(), order.patientId(),
                order.amountFen(), order.category(), order.capture(), order.contributionYear()));
    }

    /** Capture and void have no body: the payment and the operation are the whole request. */
    public static IdempotentRequest onPayment(Operation operation, String paymentId) {
        return of(operation, paymentId, Map.of());
    }

    public static IdempotentRequest refund(String paymentId, long amountFen) {
        return of(Operation.REFUND, paymentId, new RefundAmount(amountFen));
    }

    /**
     * Keys claimed before the operation was stored (its column is null) were hashed over the route instead of the
     * operation. Such keys are purged after the retention ({@code mesh.idempotency.retention}); until then a retry of
     * one still gets its stored answer.
     */
    private static IdempotentRequest of(Operation operation, String paymentId, Object body) {
        String route = switch (operation) {
            case AUTHORIZE -> "";
            case CAPTURE -> "/" + paymentId + "/capture";
            case VOID -> "/" + paymentId + "/void";
            case REFUND -> "/" + paymentId + "/refunds";
        };
        return IdempotentRequest.of(operation.name(), paymentId, body)
                .storedUnnamedAs(IdempotentRequest.sha256Hex(
                        "POST /api/v1/payments" + route + "\n" + Contracts.mapper().writeValueAsString(body)));
    }
}
