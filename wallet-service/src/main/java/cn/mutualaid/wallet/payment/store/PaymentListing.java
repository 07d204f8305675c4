package cn.mutualaid.wallet.payment.store;

import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Pages of payments, newest first, with their lines and refunds: three statements a page, whatever its size. Each
 * kind of list has its index (V7): by patient, by provider, and persons by insured area.
 */
@Component
public record PaymentListing(DatabaseClient db) {
    public Mono<List<PaymentView>> ofPatient(String patientId, int limit, long offset) {
        return page("patient_id = :who", spec -> spec.bind("who", patientId), limit, offset);
    }

    public Mono<List<PaymentView>> ofProvider(String providerId, int limit, long offset) {
        return page("provider_id = :who", spec -> spec.bind("who", providerId), limit, offset);
    }

    /** The payments of the patients insured (as the wallet last heard) in the pooling areas low..high. */
    public Mono<List<PaymentView>> ofPatientsInAreas(String lowArea, String highArea, int limit, long offset) {
        return page("patient_id in (select person_id from person where pooling_area between :lo and :hi)",
                spec -> spec.bind("lo", lowArea).bind("hi", highArea), limit, offset);
    }

    private Mono<List<PaymentView>> page(String condition, UnaryOperator<DatabaseClient.GenericExecuteSpec> who,
            int limit, long offset) {
        return who.apply(db.sql("select " + PaymentStore.HEADER_COLUMNS + " from payment where " + condition
                        + " order by created_at desc, payment_id desc limit :limit offset :offset"))
                .bind("limit", limit).bind("offset", offset)
                .map(PaymentStore::header).all().collectList()
                .flatMap(headers -> headers.isEmpty() ? Mono.just(List.<PaymentView>of()) : complete(headers));
    }

    private Mono<List<PaymentView>> complete(List<PaymentHeader> headers) {
        String[] ids = headers.stream().map(h -> h.paymentId().toString()).toArray(String[]::new);
        Mono<Map<UUID, List<PaymentView.Line>>> lines = db.sql("""
                        select * from payment_line where payment_id = any(:ids::uuid[]) order by payment_id, line_no""")
                .bind("ids", ids)
                .map(row -> Map.entry(row.get("payment_id", UUID.class), PaymentStore.line(row)))
                .all().collectList().map(PaymentListing::byPayment);
        Mono<Map<UUID, List<PaymentView.Refund>>> refunds = db.sql("""
                        select payment_id, refund_id, amount_fen, created_at from refund where payment_id = any(:ids::uuid[])
                        order by created_at, refund_id""")
                .bind("ids", ids)
                .map(row -> Map.entry(row.get("payment_id", UUID.class), new PaymentView.Refund(
                        row.get("refund_id", UUID.class).toString(), row.get("amount_fen", Long.class),
                        row.get("created_at", Instant.class))))
                .all().collectList().map(PaymentListing::byPayment);
        // One after the other: a page takes one pooled connection at a time.
        return lines.flatMap(l -> refunds.map(r -> headers.stream()
                .map(h -> h.view(l.getOrDefault(h.paymentId(), List.of()), r.getOrDefault(h.paymentId(), List.of())))
                .toList()));
    }

    private static <T> Map<UUID, List<T>> byPayment(List<Map.Entry<UUID, T>> rows) {
        Map<UUID, List<T>> grouped = new LinkedHashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue()));
        return grouped;
    }
}
