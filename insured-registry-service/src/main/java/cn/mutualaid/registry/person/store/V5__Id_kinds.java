package cn.mutualaid.registry.person.store;

import cn.mutualaid.registry.person.domain.IdKind;
import cn.mutualaid.registry.person.domain.IdNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Records the document kind of every person ({@link IdKind}). The kind follows from the number, which is sealed, so
 * existing rows are opened here with the running configuration's keys (a Spring bean, like V4) and classified; the
 * number itself is never written anywhere.
 */
@Component
public class V5__Id_kinds extends BaseJavaMigration {
    private final IdNumberVault vault;

    public V5__Id_kinds(IdNumberVault vault) {
        this.vault = vault;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table person add column id_kind text");
        }
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("select person_id, id_key, id_cipher from person");
                PreparedStatement update = connection.prepareStatement(
                        "update person set id_kind = ? where person_id = ?")) {
            while (rows.next()) {
                String personId = rows.getString(1);
                String number = vault.open(personId, new IdNumberVault.Sealed(rows.getString(2), rows.getBytes(3)));
                update.setString(1, IdNumber.kindOfStored(number).name());
                update.setString(2, personId);
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    alter table person alter column id_kind set not null,
                        add constraint person_id_kind check (id_kind in ('RESIDENT_ID_CARD',
                            'HK_MACAO_RESIDENCE_PERMIT', 'TAIWAN_RESIDENCE_PERMIT', 'FOREIGN_PERMANENT_RESIDENCE_CARD'))""");
            ddl.execute("comment on column person.id_kind is 'the document the ID number is printed on (IdKind)'");
        }
    }
}
