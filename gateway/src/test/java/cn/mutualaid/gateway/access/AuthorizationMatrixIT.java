package cn.mutualaid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import cn.mutualaid.gateway.support.GatewayTest;
import cn.mutualaid.gateway.support.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The authorization matrix (src/test/resources/access/route-role-matrix.csv, every served route of docs/api.md x every
 * role) against
 * the gateway in front of stub services: 401 and 403 come from the gateway as problem+json, "allow" reaches the
 * route's service with the Authorization header intact.
 */
@GatewayTest
class AuthorizationMatrixIT {
    static final String MATRIX = "/access/route-role-matrix.csv";
    static final String PLANNED = "(planned)";
    static final List<String> COLUMNS = List.of("anonymous", "INSURED", "PROVIDER", "AGENCY", "CLEARING", "ADMIN");

    @Autowired WebTestClient web;

    record Row(HttpMethod method, String path, String service, String who, List<String> expected) {
        String concretePath() {
            return path.replaceAll("\\{[^}]+}", "x1");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryRole() throws IOException {
        return rows().stream().flatMap(row -> COLUMNS.stream().map(column -> dynamicTest(
                row.method() + " " + row.path() + " as " + column,
                () -> check(row, column, row.expected().get(COLUMNS.indexOf(column))))));
    }

    /**
     * The matrix lists every served route of the repository's own contract, docs/api.md, so the end-to-end run covers
     * the whole contract; a route the page marks "(planned)" must not be listed until it is served and unmarked.
     */
    @Test
    void listsEveryRouteOfTheApiContract() throws IOException {
        Path api = Path.of("../docs/api.md");
        assertThat(api).as("the API contract docs/api.md, read from the gateway module's directory").exists();
        Set<String> documented = documentedRoutes(Files.readString(api));
        Set<String> listed = new LinkedHashSet<>();
        for (Row row : rows()) {
            listed.add(row.method() + " " + normalized(row.path()));
        }
        assertThat(documented).hasSizeGreaterThan(30);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void readsServedRoutesWithTheirSiblingsAndSkipsPlannedOnes() {
        String markdown = """
                | POST /api/v1/a/{id}/x · /y | AGENCY | → 202 |
                | GET /api/v1/b?direction=in\\|out (planned) | any | paged |
                | GET /api/v1/c?from=&to= | any | totals |
                """;
        assertThat(documentedRoutes(markdown))
                .containsExactly("POST /api/v1/a/{}/x", "POST /api/v1/a/{}/y", "GET /api/v1/c");
    }

    private void check(Row row, String column, String expected) {
        WebTestClient.RequestBodySpec request = web.method(row.method()).uri(row.concretePath());
        if (!column.equals("anonymous")) {
            request.headers(h -> h.setBearerAuth(Tokens.fresh(column)));
        }
        if (row.method() == HttpMethod.POST || row.method() == HttpMethod.PUT) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
        }
        WebTestClient.ResponseSpec response = request.exchange();
        switch (expected) {
            case "401" -> response.expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
            case "403" -> response.expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            case "allow" -> response.expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.service").isEqualTo(row.service())
                    .jsonPath("$.method").isEqualTo(row.method().name())
                    .jsonPath("$.path").isEqualTo(row.concretePath())
                    .jsonPath("$.authorization").value(value -> assertThat((String) value).startsWith("Bearer ey"));
            default -> throw new IllegalStateException("unknown expectation " + expected + " in " + MATRIX);
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream(MATRIX)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            assertThat(lines.get(0).split(",")).endsWith(COLUMNS.toArray(String[]::new));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                assertThat(cells).as(line).hasSize(4 + COLUMNS.size());
                rows.add(new Row(HttpMethod.valueOf(cells[0]), cells[1], cells[2], cells[3],
                        List.of(cells).subList(4, cells.length)));
            }
        }
        return rows;
    }

    /**
     * "METHOD /path" of each served route in docs/api.md's tables; "A · /b · /c" names siblings of A's last segment,
     * and a first cell marked "(planned)" is part of the contract but not served yet.
     */
    static Set<String> documentedRoutes(String markdown) {
        Pattern row = Pattern.compile("^\\| (GET|POST|PUT|PATCH|DELETE) (/\\S+)(.*?)\\|", Pattern.MULTILINE);
        Pattern sibling = Pattern.compile("· (/[\\w-]+)");
        Set<String> routes = new LinkedHashSet<>();
        Matcher m = row.matcher(markdown);
        while (m.find()) {
            if (m.group(3).contains(PLANNED)) {
                continue;
            }
            String path = m.group(2);
            routes.add(m.group(1) + " " + normalized(path));
            Matcher more = sibling.matcher(m.group(3));
            while (more.find()) {
                routes.add(m.group(1) + " " + normalized(path.substring(0, path.lastIndexOf('/')) + more.group(1)));
            }
        }
        return routes;
    }

    private static String normalized(String path) {
        int query = path.indexOf('?');
        return (query < 0 ? path : path.substring(0, query)).replaceAll("\\{[^}]+}", "{}");
    }
}
