package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresTest {

    @Test
    void theEmbeddedBinariesAreTheMajorVersionTheDeploymentsRun() {
        assertThat(Postgres.binariesMajor()).as("docker-compose and k8s run PostgreSQL 17").isEqualTo("17");
    }

    @Test
    void dataOfAnotherMajorVersionIsMovedAsideAndKept(@TempDir Path home) throws IOException {
        Path data = Files.createDirectories(home.resolve("postgres"));
        Files.writeString(data.resolve("PG_VERSION"), "14\n");

        Postgres.setAsideOlderMajor(data);

        assertThat(data).doesNotExist();
        assertThat(home.resolve("postgres-14").resolve("PG_VERSION")).hasContent("14\n");
    }

    @Test
    void dataOfTheSameMajorVersionStays(@TempDir Path home) throws IOException {
        Path data = Files.createDirectories(home.resolve("postgres"));
        Files.writeString(data.resolve("PG_VERSION"), Postgres.binariesMajor() + "\n");

        Postgres.setAsideOlderMajor(data);

        assertThat(data.resolve("PG_VERSION")).exists();
        assertThat(home.resolve("postgres-" + Postgres.binariesMajor())).doesNotExist();
    }
}
