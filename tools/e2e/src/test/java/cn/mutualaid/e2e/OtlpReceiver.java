package cn.mutualaid.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OTLP/HTTP trace receiver inside the test JVM: the mesh's parts export their spans here (protobuf, as the
 * OpenTelemetry exporter sends them), so a test can follow one request's trace through every service. Keeps only
 * what a test asks about (service, ids, name, kind), and at most {@link #LIMIT} spans.
 */
public final class OtlpReceiver {
    static final int PORT = 24318 + RunningMesh.SHIFT;
    public static final String ENDPOINT = "http://127.0.0.1:" + PORT + "/v1/traces";
    private static final int LIMIT = 200_000;
    private static final ConcurrentLinkedQueue<Span> SPANS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger KEPT = new AtomicInteger();
    private static HttpServer server;

    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {
        static final int SERVER = 2;
        static final int CONSUMER = 5;
    }

    private OtlpReceiver() {
    }

    static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + PORT + " for the mesh's spans", e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                for (Span span : decode(body)) {
                    if (KEPT.incrementAndGet() <= LIMIT) {
                        SPANS.add(span);
                    }
                }
                exchange.getResponseHeaders().set("content-type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    static List<Span> trace(String traceId) {
        return SPANS.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** ExportTraceServiceRequest → resource_spans(1) → {resource(1) → attributes(1), scope_spans(2) → spans(2)}. */
    static List<Span> decode(byte[] request) {
        List<Span> spans = new ArrayList<>();
        Proto body = new Proto(request, 0, request.length);
        while (body.more()) {
            int tag = body.tag();
            if (tag >>> 3 != 1) {
                body.skip(tag);
                continue;
            }
            Proto resourceSpans = body.message();
            String service = "?";
            List<Proto> scopes = new ArrayList<>();
            while (resourceSpans.more()) {
                int field = resourceSpans.tag();
                switch (field >>> 3) {
                    case 1 -> service = serviceName(resourceSpans.message(), service);
                    case 2 -> scopes.add(resourceSpans.message());
                    default -> resourceSpans.skip(field);
                }
            }
            for (Proto scope : scopes) {
                while (scope.more()) {
                    int field = scope.tag();
                    if (field >>> 3 == 2) {
                        spans.add(span(service, scope.message()));
                    } else {
                        scope.skip(field);
                    }
                }
            }
        }
        return spans;
    }

    private static String serviceName(Proto resource, String otherwise) {
        String name = otherwise;
        while (resource.more()) {
            int field = resource.tag();
            if (field >>> 3 != 1) {
                resource.skip(field);
                continue;
            }
            Proto keyValue = resource.message();
            String key = null;
            String value = null;
            while (keyValue.more()) {
                int f = keyValue.tag();
                if (f >>> 3 == 1) {
                    key = keyValue.string();
                } else if (f >>> 3 == 2) {
                    Proto any = keyValue.message();
                    while (any.more()) {
                        int a = any.tag();
                        if (a >>> 3 == 1) {
                            value = any.string();
                        } else {
                            any.skip(a);
                        }
                    }
                } else {
                    keyValue.skip(f);
                }
            }
            if ("service.name".equals(key) && value != null) {
                name = value;
            }
        }
        return name;
    }

    private static Span span(String service, Proto span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        while (span.more()) {
            int field = span.tag();
            switch (field >>> 3) {
                case 1 -> traceId = span.hex();
                case 2 -> spanId = span.hex();
                case 4 -> parent = span.hex();
                case 5 -> name = span.string();
                case 6 -> kind = (int) span.varint();
                default -> span.skip(field);
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind);
    }

    /** Just enough of the protobuf wire format: varints, length-delimited fields, and skipping the rest. */
    private static final class Proto {
        private final byte[] bytes;
        private int position;
        private final int end;

        Proto(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.position = from;
            this.end = end;
        }

        boolean more() {
            return position < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        Proto message() {
            int length = (int) varint();
            Proto inner = new Proto(bytes, position, position + length);
            position += length;
            return inner;
        }

        String string() {
            Proto field = message();
            return new String(bytes, field.position, field.end - field.position, java.nio.charset.StandardCharsets.UTF_8);
        }

        String hex() {
            Proto field = message();
            return HexFormat.of().formatHex(bytes, field.position, field.end);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> message();
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
        }
    }
}
