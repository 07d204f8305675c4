package cn.mutualaid.testing.archfixture.bad.payment.domain;

import cn.mutualaid.testing.archfixture.bad.ledger.Journal;
import org.springframework.http.HttpStatus;

/** Breaks the shape: a domain type that knows HTTP, and a cycle with the ledger feature. */
public record Hold(long amountFen, HttpStatus status, Journal journal) {
}
