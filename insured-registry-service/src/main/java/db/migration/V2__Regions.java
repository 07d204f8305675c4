package db.migration;

import cn.mutualaid.registry.region.domain.Region;
import cn.mutualaid.registry.region.domain.RegionsFile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Loads regions-v1.csv, and gives every province the default rollout policy: aid within the province, no
 * cross-province aid, all close relatives, effective 2025-01-01. No events are published for defaults: consumers
 * assume the same default for a province they have no RolloutChanged for.
 */
public class V2__Regions extends BaseJavaMigration {
    public static final Instant DEFAULT_EFFECTIVE_FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final String FILE = RegionsFile.CURRENT;

    @Override
    public void migrate(Context context) throws Exception {
        List<Region> regions = RegionsFile.read(FILE);
        Connection connection = context.getConnection();
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into region (code, name, level, province) values (?, ?, ?, ?)")) {
            // Provinces precede their prefectures in the file, which the foreign key needs.
            for (Region region : regions) {
                insert.setString(1, region.code());
                insert.setString(2, region.name());
                insert.setString(3, region.level().name());
                insert.setString(4, region.province());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement defaults = connection.prepareStatement("""
                insert into rollout (province, cross_province, kinship_scope, effective_from)
                select code, false, 'CLOSE_RELATIVES', ? from region where level = 'PROVINCE'""")) {
            defaults.setTimestamp(1, Timestamp.from(DEFAULT_EFFECTIVE_FROM));
            defaults.executeUpdate();
        }
    }

    /** The file's content is part of the checksum: editing a released file is caught; add regions-v2 instead. */
    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        RegionsFile.read(FILE).forEach(r -> crc.update(r.toString().getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }
}
