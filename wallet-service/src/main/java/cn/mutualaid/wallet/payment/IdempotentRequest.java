package cn.mutualaid.wallet.payment;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import com.fasterxml.jackson.annotation.JsonInclude;
import cn.mutualaid.wallet.support.Hashing;
import java.util.Map;

/**
 * What an Idempotency-Key guards: the operation, the payment it acts on (none for AUTHORIZE) and the request body.
 * Same key, same operation on the same payment with the same canonical body (record components in declaration
 * order) → the stored answer; anything else under that key is IDEMPOTENCY_KEY_REUSED.
 */
public record IdempotentRequest(Operation operation, String paymentId, Object body) {

    /** The money-moving operations, by their domain names (stored in {@code idempotency.operation}). */
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
        return new IdempotentRequest(Operation.AUTHORIZE, null, new AuthorizeBody(order.paymentCode(),
                order.patientId(), order.amountFen(), order.category(), order.capture(), order.contributionYear()));
    }

    /** Capture and void have no body: the payment and the operation are the whole request. */
    public static IdempotentRequest onPayment(Operation operation, String paymentId) {
        return new IdempotentRequest(operation, paymentId, Map.of());
    }

    public static IdempotentRequest refund(String paymentId, long amountFen) {
        return new IdempotentRequest(Operation.REFUND, paymentId, new RefundAmount(amountFen));
    }

    String hash() {
        return hashOf(operation.name() + (paymentId == null ? "" : " " + paymentId));
    }

    /**
     * The hash under which keys claimed before the operation was stored (its column is null) were kept: the route
     * instead of the operation. Such keys are purged after {@code mesh.wallet.idempotency-retention}; until then a
     * retry of one still gets its stored answer.
     */
    String routeHash() {
        String route = switch (operation) {
            case AUTHORIZE -> "";
            case CAPTURE -> "/" + paymentId + "/capture";
            case VOID -> "/" + paymentId + "/void";
            case REFUND -> "/" + paymentId + "/refunds";
        };
        return hashOf("POST /api/v1/payments" + route);
    }

    private String hashOf(String operationName) {
        return Hashing.sha256Hex(operationName + "\n" + Contracts.mapper().writeValueAsString(body));
    }
}
