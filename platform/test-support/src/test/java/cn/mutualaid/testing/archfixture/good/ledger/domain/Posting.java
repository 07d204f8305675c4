package cn.mutualaid.testing.archfixture.good.ledger.domain;

public record Posting(String account, long amountFen) {
}
