package cn.mutualaid.mesh;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Small, dependency-free checks of whether something answers. None of them throws. */
final class Probes {
    private static final int TIMEOUT_MS = 2000;

    private Probes() {
    }

    /** True when nothing listens on {@code port} (on any address), so a part of the mesh can bind it. */
    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean tcpAnswers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    static int httpStatus(String url) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            try {
                int status = http.getResponseCode();
                try (InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
                return status;
            } finally {
                http.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * True when a Kafka broker serves requests: it answers an ApiVersions request (key 18, version 0) without error.
     * A broker accepts connections before it has caught up with its metadata; it answers requests only after.
     */
    static boolean kafkaReady(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] clientId = "mesh".getBytes(StandardCharsets.US_ASCII);
            int correlationId = 7;
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(correlationId);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            return size >= 6 && in.readInt() == correlationId && in.readShort() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when Redis answers PING with PONG. */
    static boolean redisPong(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = socket.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static Connection postgres(String host, int port, String user, String password, String database)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "3");
        props.setProperty("loginTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    static boolean postgresReady(String host, int port, String user, String password) {
        try (Connection c = postgres(host, port, user, password, "postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
