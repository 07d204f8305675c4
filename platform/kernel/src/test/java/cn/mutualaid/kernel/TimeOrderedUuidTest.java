package cn.mutualaid.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {

    @Test
    void anIdIsVersion7OfTheRfcVariantAndCarriesItsMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedUuid.next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(TimeOrderedUuid.millisOf(id)).isBetween(before, System.currentTimeMillis() + 1);
    }

    @Test
    void idsMadeInABurstAreUniqueAndAscendInTheirTextualAndDatabaseOrder() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(TimeOrderedUuid.next());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        // PostgreSQL orders uuid by its bytes, as the lower-case hex text orders.
        List<String> text = ids.stream().map(UUID::toString).toList();
        assertThat(text).isSorted();
    }

    @Test
    void aClockThatStepsBackDoesNotReorderIds() {
        TimeOrderedUuid generator = new TimeOrderedUuid();
        UUID later = generator.at(System.currentTimeMillis() + 60_000);
        UUID afterStepBack = generator.at(System.currentTimeMillis());
        assertThat(afterStepBack.toString()).isGreaterThan(later.toString());
    }

    @Test
    void aRandomUuidIsNotReadAsATime() {
        assertThatThrownBy(() -> TimeOrderedUuid.millisOf(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
