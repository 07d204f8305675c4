package cn.mutualaid.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docker/Dockerfile cannot be built here (no Docker engine); its text is checked instead. */
class DockerfileTest {

    private static String dockerfile() throws IOException {
        return Files.readString(Fixtures.ROOT.resolve("docker/Dockerfile"));
    }

    @Test
    void theDockerfileFollowsTheRules() throws IOException {
        assertThat(DockerfileRules.check(dockerfile())).isEmpty();
    }

    @Test
    void theHealthcheckScriptTheImagesUseExists() {
        assertThat(Fixtures.ROOT.resolve("docker/healthcheck.sh")).isExecutable();
        assertThat(Fixtures.ROOT.resolve("docker/postgres/init-databases.sh")).isExecutable();
    }

    @Test
    void aRootOrFatJarImageIsReported() throws IOException {
        String broken = dockerfile()
                .replace("USER 10001:10001", "USER root")
                .replace("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre", "ARG RUNTIME_IMAGE=eclipse-temurin:17-jdk")
                .replace("extract --layers --launcher", "extract");

        assertThat(DockerfileRules.check(broken)).containsExactlyInAnyOrder(
                "the jar is not extracted into Spring Boot layers (java -Djarmode=tools -jar app.jar extract --layers --launcher)",
                "the runtime stage is not a JRE image: eclipse-temurin:17-jdk",
                "the runtime stage does not run as a numeric non-root user: USER root");
    }
}
