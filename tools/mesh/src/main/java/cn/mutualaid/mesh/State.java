package cn.mutualaid.mesh;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code ./mesh up} started, kept under the mesh's home: {@code mesh.state} describes the parts, and
 * {@code pids/NAME.pid} holds the pid of each process it started (only the pid, as usual for pid files).
 */
final class State {
    private final Path home;

    State(Path home) {
        this.home = home;
    }

    Path file() {
        return home.resolve("mesh.state");
    }

    Path pidFile(String name) {
        return home.resolve("pids").resolve(name + ".pid");
    }

    boolean exists() {
        return Files.exists(file());
    }

    void write(List<Part> parts, String gatewayUrl) {
        Properties props = new Properties();
        List<String> names = new ArrayList<>();
        for (Part p : parts) {
            names.add(p.name());
            props.setProperty(p.name() + ".stage", Integer.toString(p.stage()));
            props.setProperty(p.name() + ".port", Integer.toString(p.port()));
            props.setProperty(p.name() + ".probe", p.probe());
            props.setProperty(p.name() + ".match", p.match());
            props.setProperty(p.name() + ".signal", p.signal());
        }
        props.setProperty("parts", String.join(",", names));
        props.setProperty("gateway.url", gatewayUrl);
        try {
            Files.createDirectories(home);
            try (Writer out = Files.newBufferedWriter(file(), StandardCharsets.UTF_8)) {
                props.store(out, "written by ./mesh up; read by ./mesh status and ./mesh down");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Part> parts() {
        Properties props = load();
        List<Part> parts = new ArrayList<>();
        for (String name : props.getProperty("parts", "").split(",")) {
            if (!name.isBlank()) {
                parts.add(new Part(name, Integer.parseInt(props.getProperty(name + ".stage")),
                        Integer.parseInt(props.getProperty(name + ".port")), props.getProperty(name + ".probe"),
                        props.getProperty(name + ".match", ""), props.getProperty(name + ".signal", "TERM")));
            }
        }
        return parts;
    }

    String gatewayUrl() {
        return load().getProperty("gateway.url", "");
    }

    private Properties load() {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file(), StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    void recordPid(String name, long pid) {
        try {
            Files.createDirectories(pidFile(name).getParent());
            Files.writeString(pidFile(name), pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Long> pid(String name) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile(name)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    Path launchFile(String name) {
        return home.resolve("launch").resolve(name + ".properties");
    }

    /** Records how a part was started, for {@code ./mesh start NAME}. */
    void recordLaunch(String name, Launch launch) {
        try {
            Files.createDirectories(launchFile(name).getParent());
            try (Writer out = Files.newBufferedWriter(launchFile(name), StandardCharsets.UTF_8)) {
                launch.toProperties().store(out, "how ./mesh up started " + name + "; read by ./mesh start " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Launch> launch(String name) {
        if (!Files.exists(launchFile(name))) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(launchFile(name), StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(Launch.fromProperties(props));
    }

    void forget(String name) {
        try {
            Files.deleteIfExists(pidFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
