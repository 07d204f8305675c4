package cn.mutualaid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class HangDumpTest {

    @Test
    void aBlockingReadsTimeoutAndAnAwaitedConditionAreHangsAnAssertionIsNot() {
        // As Reactor's block(Duration) and WebTestClient's exchange() report a call that never answered.
        assertThat(HangDump.isTimeout(new IllegalStateException("Timeout on blocking read for 60000000000 NANOSECONDS",
                new TimeoutException()))).isTrue();
        assertThat(HangDump.isTimeout(new RuntimeException("wrapped", new TimeoutException("x")))).isTrue();
        assertThat(HangDump.isTimeout(new ConditionTimeoutException("never true"))).isTrue();
        assertThat(HangDump.isTimeout(new AssertionError("expected 200 but was 403"))).isFalse();
        assertThat(HangDump.isTimeout(new IllegalStateException((String) null))).isFalse();
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(HangDump.isTimeout(a)).as("a cycle of causes ends").isFalse();
    }

    @Test
    void theDumpNamesTheTestAndShowsEveryThreadWithItsStack() {
        String dump = HangDump.dump("aTest in AClass");
        assertThat(dump).startsWith("=== hang dump: aTest in AClass timed out").endsWith("=== end of hang dump\n")
                .contains('"' + Thread.currentThread().getName() + "\" RUNNABLE")
                .contains("cn.mutualaid.testing.HangDump.dump(");
    }
}
