package cn.mutualaid.registry.person;

import java.time.Instant;
import java.time.LocalDate;

/** A registered person. {@code idNumber} is the full citizen ID number: it stays inside this service. */
public record Person(String personId, String idNumber, String name, String gender, LocalDate birthDate,
        Instant registeredAt) {

    @Override
    public String toString() {
        return "Person[" + personId + "]";
    }
}
