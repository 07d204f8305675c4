package cn.mutualaid.e2e.console;

import cn.mutualaid.e2e.OtlpReceiver;
import cn.mutualaid.e2e.RunningMesh;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second gateway in front of the running mesh's services, configured as outside the local profile: no development
 * tokens, tokens checked against the identity provider's issuer and JWK set
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} / {@code jwk-set-uri} through {@code MESH_JWT_ISSUER}
 * / {@code MESH_JWT_JWK_SET_URI}), and the console signing in with OpenID Connect ({@code mesh.console.oidc.*}). The
 * same jar the mesh runs, in its own process; its log is kept beside the mesh's ({@link RunningMesh#keptLogs()}), as gateway-oidc.log.
 */
final class OidcGateway implements AutoCloseable {
    static final int PORT = 28079 + RunningMesh.SHIFT;
    static final Path LOG = RunningMesh.keptLogs().resolve("gateway-oidc.log");

    private final Process process;

    private OidcGateway(Process process) {
        this.process = process;
    }

    static String url() {
        return "http://127.0.0.1:" + PORT;
    }

    /** Starts the process; {@link #awaitReady} waits for it. */
    static OidcGateway start(String issuer, String clientId) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-jar", RunningMesh.home().resolve("apps/gateway.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("MESH_") || name.startsWith("SPRING_"));
        env.put("PORT", String.valueOf(PORT));
        env.put("MESH_MANAGEMENT_PORT", String.valueOf(PORT + 100));
        RunningMesh.PORTS.forEach((part, port) -> {
            if (!part.equals("gateway")) {
                env.put("MESH_" + part.toUpperCase() + "_URL", "http://127.0.0.1:" + port);
            }
        });
        env.put("MESH_JWT_ISSUER", issuer);
        env.put("MESH_JWT_JWK_SET_URI", issuer + "/oauth2/jwks");
        env.put("MESH_CONSOLE_OIDC_ISSUER", issuer);
        env.put("MESH_CONSOLE_OIDC_CLIENT_ID", clientId);
        env.put("MESH_RATE_LIMIT_STORE", "memory");
        env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", OtlpReceiver.ENDPOINT);
        try {
            Files.createDirectories(LOG.getParent());
            builder.redirectOutput(LOG.toFile());
            return new OidcGateway(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the second gateway", e);
        }
    }

    /** Until {@code /readyz} answers 200; fails with the end of the log when the process exits or time runs out. */
    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the second gateway is not ready after " + timeout
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; its log ends:\n"
                + tail());
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(LOG);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
