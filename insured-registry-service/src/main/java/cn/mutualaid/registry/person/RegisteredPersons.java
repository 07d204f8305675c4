package cn.mutualaid.registry.person;

import cn.mutualaid.registry.enrollment.KnownPersons;
import cn.mutualaid.registry.person.store.PersonStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The registered persons, as the enrollment feature asks about them. */
@Component
class RegisteredPersons implements KnownPersons {
    private final PersonStore persons;

    RegisteredPersons(PersonStore persons) {
        this.persons = persons;
    }

    @Override
    public Mono<Boolean> exists(String personId) {
        return persons.exists(personId);
    }
}
