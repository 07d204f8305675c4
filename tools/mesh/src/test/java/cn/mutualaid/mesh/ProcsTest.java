package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcsTest {

    @Test
    void aProcessIsOnlyOursWhenItsCommandLineCarriesTheMark() {
        ProcessHandle self = ProcessHandle.current();
        String commandLine = Procs.commandLine(self).orElseThrow();
        String someArgument = commandLine.substring(0, commandLine.indexOf(' ') + 1);
        Part recognised = new Part("x", 2, 1, "tcp://127.0.0.1:1", someArgument, "TERM");
        Part other = new Part("x", 2, 1, "tcp://127.0.0.1:1", "-Dmesh.home=/nowhere -Dmesh.part=x ", "TERM");

        assertThat(recognised.process(Optional.of(self.pid()))).contains(self);
        assertThat(other.process(Optional.of(self.pid()))).isEmpty();
        assertThat(recognised.process(Optional.empty())).isEmpty();
    }

    @Test
    void structuredLogLinesAreShownAsTimeLevelAndMessage() {
        String ecs = "{\"@timestamp\":\"2026-11-23T02:15:08.587527709Z\","
                + "\"log\":{\"level\":\"ERROR\",\"logger\":\"x\"},"
                + "\"message\":\"\\n\\nAPPLICATION FAILED TO START\\nsay \\\"hi\\\" \\u00e9\","
                + "\"ecs\":{\"version\":\"8.11\"}}";
        assertThat(Procs.readable(ecs)).containsExactly("02:15:08.587 ERROR ", "", "APPLICATION FAILED TO START",
                "say \"hi\" \u00e9");
        assertThat(Procs.readable("plain text line")).containsExactly("plain text line");
    }

    @Test
    void kafkaClusterIdsHaveKafkasForm() {
        String id = Kafka.clusterId();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").isNotEqualTo(Kafka.clusterId());
        // one id in 64 would start with '-' by chance; 2000 tries find it with near certainty
        for (int i = 0; i < 2000; i++) {
            assertThat(Kafka.clusterId()).doesNotStartWith("-");
        }
    }
}
