package cn.mutualaid.wallet.payment.store;

import cn.mutualaid.contracts.PaymentCategory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which person-years of contributions are taken: by a payment of that category and year that is neither voided nor
 * refunded in full, exactly the rows the unique key {@code payment_contribution_once} holds (V9's index on payment;
 * since V13, which partitions payment by month, the primary key of payment_contribution, kept by payment's triggers,
 * so that it holds across months).
 */
@Component
public class ContributionStore {
    static final String ONCE_INDEX = "payment_contribution_once";
    private final DatabaseClient db;

    public ContributionStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> taken(String patientId, PaymentCategory category, int year) {
        return db.sql("""
                        select exists (select 1 from payment
                                       where patient_id = :p and category = :c and contribution_year = :y
                                         and status <> 'VOIDED' and refunded_fen < amount_fen) as taken""")
                .bind("p", patientId).bind("c", category.name()).bind("y", year)
                .map(row -> row.get("taken", Boolean.class)).one();
    }

    /**
     * Whether a payment's insert failed on the index: another payment took the same person-year between this one's
     * check and its insert (the index waits for the other's transaction, then refuses).
     */
    public static boolean takenMeanwhile(Throwable insertFailure) {
        return insertFailure instanceof DataIntegrityViolationException
                && String.valueOf(insertFailure.getMessage()).contains(ONCE_INDEX);
    }
}
