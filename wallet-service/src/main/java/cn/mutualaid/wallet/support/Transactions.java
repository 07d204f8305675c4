package cn.mutualaid.wallet.support;

import cn.mutualaid.platform.store.TransactionRunner;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs work in one database transaction. A deadlock or serialization failure (SQLSTATE class 40) rolls everything
 * back, so the whole unit is simply run again a few times: rows are locked in a fixed order on every money path,
 * but a release voiding a payment that spans two quotas can still meet a payment locking them in the other order.
 * The platform's Idempotency runs its work through this one too.
 */
@Component
public record Transactions(TransactionalOperator tx) implements TransactionRunner {
    @Override
    public <T> Mono<T> run(Supplier<Mono<T>> work) {
        return Mono.defer(() -> tx.transactional(Mono.defer(work)))
                .retryWhen(Retry.backoff(5, Duration.ofMillis(10)).filter(Transactions::isTransient)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PessimisticLockingFailureException) {
                return true;
            }
            if (t instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && r2dbc.getSqlState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }
}
