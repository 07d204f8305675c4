package cn.mutualaid.registry.person;

import cn.mutualaid.registry.enrollment.KnownPersons;
import cn.mutualaid.registry.person.store.PersonStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The registered persons, as the enrollment feature asks about them. */
@Component
record RegisteredPersons(PersonStore persons) implements KnownPersons {
    @Override
    public Mono<Boolean> exists(String personId) {
        return persons.exists(personId);
    }
}
