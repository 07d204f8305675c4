package cn.mutualaid.platform.store;

import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs work in one database transaction. The platform's default is a plain {@code TransactionalOperator}; a service
 * whose money paths can meet a deadlock declares its own (retrying the whole unit) and the platform uses that one.
 */
public interface TransactionRunner {
    <T> Mono<T> run(Supplier<Mono<T>> work);
}
