package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher's broker grants each service the same topics as the Docker broker (docker/kafka/acls.sh); that script
 * is in turn compared with the cluster's KafkaUsers by tools/deploy-check. Three places, one set of rules.
 */
class KafkaAccessAgreesTest {
    private static final Path REPO = Path.of(System.getProperty("basedir", "."), "../..").toAbsolutePath().normalize();

    @Test
    void theLaunchersAccessListEqualsTheDockerBrokersAcls() throws IOException {
        String script = Files.readString(REPO.resolve("docker/kafka/acls.sh"));
        Matcher row = Pattern.compile("\"(\\w+)\\|([^|]*)\\|([^|]*)\\|([^\"]*)\"").matcher(script);
        List<KafkaSecurity.Access> fromScript = new ArrayList<>();
        while (row.find()) {
            fromScript.add(new KafkaSecurity.Access(row.group(1), words(row.group(2)), words(row.group(3)),
                    row.group(4).isEmpty() ? null : row.group(4)));
        }
        assertThat(fromScript).hasSize(4);
        assertThat(KafkaSecurity.ACCESS).containsExactlyInAnyOrderElementsOf(fromScript);
    }

    private static List<String> words(String list) {
        return list.isBlank() ? List.of() : List.of(list.trim().split(" +"));
    }
}
