package cn.mutualaid.contracts.registry;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;
import java.time.LocalDate;

/** A person was registered. Carries no citizen ID number: consumers know people by personId. */
@Contract(type = "PersonRegistered", version = 1, topic = Topics.REGISTRY_EVENTS)
public record PersonRegistered(String personId, String gender, LocalDate birthDate, Instant registeredAt) {
}
