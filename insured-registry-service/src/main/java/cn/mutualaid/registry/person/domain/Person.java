package cn.mutualaid.registry.person.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A registered person. {@code idNumber} is the full ID number: it stays inside this service; {@code idKind} is the
 * document it is printed on.
 */
public record Person(String personId, String idNumber, IdKind idKind, String name, String gender, LocalDate birthDate,
        Instant registeredAt) {

    @Override
    public String toString() {
        return "Person[" + personId + "]";
    }
}
