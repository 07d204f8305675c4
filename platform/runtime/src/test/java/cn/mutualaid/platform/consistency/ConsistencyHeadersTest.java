package cn.mutualaid.platform.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Mesh-Await: up to 16 event ids, comma-separated, in one header or several; anything else is a 400. */
class ConsistencyHeadersTest {
    private static final UUID A = UUID.fromString("0b6f3c1e-8a2d-4a5b-9c3e-1f2a3b4c5d6e");
    private static final UUID B = UUID.fromString("7C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F");

    @Test
    void idsAreReadFromACommaSeparatedListWithBlanksAroundThemAndFromSeveralHeaders() {
        assertThat(ConsistencyHeaders.parseAwait(List.of(A.toString()))).containsExactly(A);
        assertThat(ConsistencyHeaders.parseAwait(List.of(" " + A + " ,\t7C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F")))
                .containsExactly(A, B);
        assertThat(ConsistencyHeaders.parseAwait(List.of(A.toString(), B.toString()))).containsExactly(A, B);
        // A repeated id is awaited once.
        assertThat(ConsistencyHeaders.parseAwait(List.of(A + "," + A))).containsExactly(A);
    }

    @Test
    void anEntryNamingATopicTheServiceDoesNotReadIsPassedOver() {
        String registry = ConsistencyHeaders.token("registry.events", A);
        String wallet = ConsistencyHeaders.token("wallet.events", B);
        assertThat(registry).isEqualTo("registry.events:" + A);
        var relationReads = java.util.Set.of("registry.events", "wallet.replies");
        assertThat(ConsistencyHeaders.parseAwait(List.of(registry + "," + wallet), relationReads::contains))
                .containsExactly(A);
        assertThat(ConsistencyHeaders.parseAwait(List.of(wallet), relationReads::contains)).isEmpty();
        // A bare id is awaited whatever the service reads.
        assertThat(ConsistencyHeaders.parseAwait(List.of(B.toString()), relationReads::contains)).containsExactly(B);
        assertInvalid("Registry.Events:" + A);
        assertInvalid(":" + A);
        assertInvalid("registry.events:" + A + ":x");
    }

    @Test
    void sixteenIdsAreAcceptedAndSeventeenRefused() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        assertThat(ConsistencyHeaders.parseAwait(List.of(String.join(",", ids)))).hasSize(16);
        ids.add(UUID.randomUUID().toString());
        assertInvalid(String.join(",", ids));
        // Spread over several headers they count together.
        assertInvalid(String.join(",", ids.subList(0, 9)), String.join(",", ids.subList(9, 17)));
    }

    @Test
    void anythingButCanonicalUuidsIsMalformed() {
        assertInvalid("");
        assertInvalid("   ");
        assertInvalid(A + ",");
        assertInvalid(A + ",," + B);
        assertInvalid("not-a-uuid");
        // UUID.fromString accepts these; the outbox never writes them.
        assertInvalid("1-2-3-4-5");
        assertInvalid(A.toString().replace("-", ""));
        assertInvalid("{" + A + "}");
        assertInvalid(A + ";" + B);
        assertInvalid(A + "\u00a0");
    }

    private static void assertInvalid(String... values) {
        assertThatThrownBy(() -> ConsistencyHeaders.parseAwait(List.of(values)))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.kind()).isEqualTo(Rejection.Kind.MALFORMED);
                    assertThat(r.code()).isEqualTo("INVALID_CONSISTENCY_TOKEN");
                });
    }
}
