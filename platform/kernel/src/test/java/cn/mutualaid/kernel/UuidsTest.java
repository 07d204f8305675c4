package cn.mutualaid.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {
    @Test
    void aUuidIsReadAndAnythingElseNamesNothing() {
        UUID id = TimeOrderedUuid.next();
        assertThat(Uuids.parse(id.toString())).contains(id);
        assertThat(Uuids.parse("not-a-uuid")).isEmpty();
        assertThat(Uuids.parse("")).isEmpty();
        assertThat(Uuids.parse(null)).isEmpty();
    }
}
