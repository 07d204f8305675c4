package cn.mutualaid.platform.openapi;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Names every operation after its handler and the handler's controller ({@code PaymentController.get} becomes
 * {@code getPayment}): unique across the four services, so the gateway's merged document needs no renaming, and
 * stable, so a generated client's method names do not change when another operation is added (springdoc's own ids,
 * the bare method name with {@code _1}, {@code _2} for repeats, depend on the order the handlers are found in).
 */
public final class OperationIds implements OperationCustomizer {
    private static final String SUFFIX = "Controller";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        String controller = handler.getBeanType().getSimpleName();
        String noun = controller.endsWith(SUFFIX) ? controller.substring(0, controller.length() - SUFFIX.length()) : controller;
        operation.setOperationId(handler.getMethod().getName() + noun);
        return operation;
    }
}
