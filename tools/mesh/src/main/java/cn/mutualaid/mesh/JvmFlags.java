package cn.mutualaid.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags of one part: the flags shared by every JVM ({@code mesh.jvm.flags}) followed by the part's own
 * ({@code mesh.<part>.jvm-flags}, e.g. {@code MESH_KAFKA_JVM_FLAGS}). A later flag wins over an earlier one for the
 * JVM, except the collector: two {@code -XX:+Use...GC} flags stop it from starting, so the part's own choice of
 * collector removes the shared one.
 */
final class JvmFlags {
    private JvmFlags() {
    }

    static List<String> of(String shared, String own) {
        List<String> mine = words(own);
        boolean ownCollector = mine.stream().anyMatch(JvmFlags::choosesCollector);
        List<String> flags = new ArrayList<>();
        for (String flag : words(shared)) {
            if (!(ownCollector && choosesCollector(flag))) {
                flags.add(flag);
            }
        }
        flags.addAll(mine);
        return flags;
    }

    private static final java.util.regex.Pattern COLLECTOR =
            java.util.regex.Pattern.compile("-XX:\\+Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC");

    private static boolean choosesCollector(String flag) {
        return COLLECTOR.matcher(flag).matches();
    }

    private static List<String> words(String flags) {
        if (flags == null || flags.isBlank()) {
            return List.of();
        }
        return Arrays.asList(flags.trim().split("\\s+"));
    }
}
