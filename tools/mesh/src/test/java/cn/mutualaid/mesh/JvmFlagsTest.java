package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {
    private static final String SHARED = "-XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError";

    @Test
    void aPartWithoutFlagsOfItsOwnGetsTheSharedOnes() {
        assertThat(JvmFlags.of(SHARED, null)).containsExactly("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
        assertThat(JvmFlags.of(SHARED, "  ")).containsExactly("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void aPartsOwnFlagsComeAfterTheSharedOnesSoTheyWin() {
        assertThat(JvmFlags.of(SHARED, "-Xmn96m  -Xss1m"))
                .containsExactly("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-Xmn96m", "-Xss1m");
    }

    @Test
    void aPartsOwnCollectorReplacesTheSharedOne() {
        assertThat(JvmFlags.of(SHARED, "-XX:+UseParallelGC -XX:ParallelGCThreads=1"))
                .containsExactly("-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "-XX:ParallelGCThreads=1");
    }

    @Test
    void flagsThatOnlyLookLikeACollectorStay() {
        assertThat(JvmFlags.of(SHARED, "-XX:+UseStringDeduplication -XX:+UseAdaptiveSizePolicyWithSystemGC"))
                .contains("-XX:+UseSerialGC", "-XX:+UseStringDeduplication");
    }
}
