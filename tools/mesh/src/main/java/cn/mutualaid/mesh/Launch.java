package cn.mutualaid.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How {@code ./mesh up} started one part, recorded under {@code <home>/launch/NAME.properties} so that
 * {@code ./mesh start NAME} starts it again exactly so (same command line, same environment), whatever the
 * environment of the later invocation.
 *
 * @param command the process's command line; empty for the embedded PostgreSQL, which the library starts
 * @param env     the variables added to the launcher's environment
 * @param pgPort  the embedded PostgreSQL's port (0 for the other parts)
 */
record Launch(List<String> command, Map<String, String> env, int pgPort) {

    static Launch process(List<String> command, Map<String, String> env) {
        return new Launch(List.copyOf(command), new LinkedHashMap<>(env), 0);
    }

    static Launch embeddedPostgres(int port) {
        return new Launch(List.of(), Map.of(), port);
    }

    boolean isEmbeddedPostgres() {
        return pgPort > 0;
    }

    Properties toProperties() {
        Properties props = new Properties();
        props.setProperty("command.count", Integer.toString(command.size()));
        for (int i = 0; i < command.size(); i++) {
            props.setProperty("command." + i, command.get(i));
        }
        env.forEach((k, v) -> props.setProperty("env." + k, v));
        props.setProperty("pg.port", Integer.toString(pgPort));
        return props;
    }

    static Launch fromProperties(Properties props) {
        int count = Integer.parseInt(props.getProperty("command.count", "0"));
        List<String> command = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            command.add(props.getProperty("command." + i));
        }
        Map<String, String> env = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("env.")) {
                env.put(key.substring(4), props.getProperty(key));
            }
        }
        return new Launch(command, env, Integer.parseInt(props.getProperty("pg.port", "0")));
    }
}
