package cn.mutualaid.registry.person.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Seals the ID numbers stored in clear before this version: each row gets id_cipher/id_key (AES-GCM under the
 * current key) and id_hash (HMAC), then the clear column and its index are dropped. A Spring bean (Spring Boot hands
 * JavaMigration beans to Flyway) so that it uses the keys of the running configuration, never keys of its own.
 */
@Component
public class V4__Encrypt_id_numbers extends BaseJavaMigration {
    private final IdNumberVault vault;

    public V4__Encrypt_id_numbers(IdNumberVault vault) {
        this.vault = vault;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table person add column id_cipher bytea, add column id_key text, add column id_hash bytea");
        }
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("select person_id, id_number from person");
                PreparedStatement update = connection.prepareStatement(
                        "update person set id_cipher = ?, id_key = ?, id_hash = ? where person_id = ?")) {
            while (rows.next()) {
                String personId = rows.getString(1);
                String number = rows.getString(2);
                IdNumberVault.Sealed sealed = vault.seal(personId, number);
                update.setBytes(1, sealed.cipher());
                update.setString(2, sealed.keyId());
                update.setBytes(3, vault.hash(number));
                update.setString(4, personId);
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    alter table person drop column id_number,
                        alter column id_cipher set not null, alter column id_key set not null,
                        alter column id_hash set not null""");
            ddl.execute("create unique index person_id_hash on person (id_hash)");
            // Rotation finds the rows under an older key by two range scans of this index (IdKeyRotation).
            ddl.execute("create index person_id_key on person (id_key)");
            ddl.execute("comment on column person.id_cipher is"
                    + " 'the citizen ID number, AES-256-GCM under key id_key, person_id as associated data'");
            ddl.execute("comment on column person.id_hash is 'HMAC-SHA-256 of the ID number: uniqueness and lookup'");
        }
    }
}
