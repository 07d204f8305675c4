package cn.mutualaid.registry.person.api;

import cn.mutualaid.registry.enrollment.api.EnrollmentView;
import cn.mutualaid.registry.person.PersonService;
import cn.mutualaid.registry.person.domain.IdKind;
import cn.mutualaid.registry.person.domain.IdNumber;
import cn.mutualaid.registry.person.domain.Person;
import java.time.LocalDate;

/**
 * A person as every response shows them: the ID number masked (110105********002X) with the kind of document it is
 * printed on; enrollment null if none.
 */
public record PersonView(String personId, String idNumberMasked, IdKind idKind, String name, String gender,
        LocalDate birthDate, EnrollmentView enrollment) {

    static PersonView of(PersonService.Seen seen) {
        Person p = seen.person();
        return new PersonView(p.personId(), IdNumber.mask(p.idNumber()), p.idKind(), p.name(), p.gender(),
                p.birthDate(), EnrollmentView.of(seen.enrollment()));
    }
}
