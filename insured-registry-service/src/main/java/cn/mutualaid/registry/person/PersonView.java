package cn.mutualaid.registry.person;

import cn.mutualaid.registry.enrollment.Enrollment;
import java.time.LocalDate;

/**
 * A person as every response shows them: the ID number masked (110105********002X) with the kind of document it is
 * printed on; enrollment null if none.
 */
public record PersonView(String personId, String idNumberMasked, IdKind idKind, String name, String gender,
        LocalDate birthDate, Enrollment enrollment) {

    public static PersonView of(Person p, Enrollment current) {
        return new PersonView(p.personId(), IdNumber.mask(p.idNumber()), p.idKind(), p.name(), p.gender(),
                p.birthDate(), current);
    }
}
