package cn.mutualaid.platform.idempotency;

import cn.mutualaid.platform.messaging.MessagingAutoConfiguration;
import cn.mutualaid.platform.store.TransactionRunner;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** One Idempotency-Key mechanism for every service with a database (its table: platform migration V0_5). */
@AutoConfiguration(after = MessagingAutoConfiguration.class)
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnBean({DatabaseClient.class, TransactionalOperator.class})
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

    /** A service that declares its own runner (retrying deadlocks, say) has the mechanism use it. */
    @Bean
    @ConditionalOnMissingBean
    TransactionRunner meshTransactionRunner(TransactionalOperator tx) {
        return new TransactionRunner() {
            @Override
            public <T> Mono<T> run(Supplier<Mono<T>> work) {
                return tx.transactional(Mono.defer(work));
            }
        };
    }

    @Bean
    IdempotencyStore idempotencyStore(DatabaseClient db) {
        return new IdempotencyStore(db);
    }

    @Bean
    Idempotency idempotency(IdempotencyStore store, TransactionRunner tx, Clock clock,
            IdempotencyProperties properties) {
        return new Idempotency(store, tx, clock, properties);
    }

    @Bean
    IdempotencyPurge idempotencyPurge(IdempotencyStore store, Clock clock, IdempotencyProperties properties) {
        return new IdempotencyPurge(store, clock, properties);
    }
}
