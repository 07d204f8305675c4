package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {

    @Test
    void passesOnCompleteNewLinesAndStartsOverWhenTheLogIsReplaced(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, "old line\n");
        List<String> seen = new ArrayList<>();
        LogFollower follower = new LogFollower(log, seen::add);
        follower.poll(); // first poll starts from the top of a file it had not seen
        seen.clear();

        Files.writeString(log, "first\nhalf", StandardOpenOption.APPEND);
        follower.poll();
        assertThat(seen).containsExactly("first");
        Files.writeString(log, " done\n", StandardOpenOption.APPEND);
        follower.poll();
        assertThat(seen).containsExactly("first", "half done");

        Files.move(log, dir.resolve("x.log.1"));
        Files.writeString(log, "new run\n");
        follower.poll();
        assertThat(seen).containsExactly("first", "half done", "new run");
    }
}
