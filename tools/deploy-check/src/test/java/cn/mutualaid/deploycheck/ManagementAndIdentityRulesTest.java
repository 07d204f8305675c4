package cn.mutualaid.deploycheck;

import static cn.mutualaid.deploycheck.Fixtures.container;
import static cn.mutualaid.deploycheck.Fixtures.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The management port and the identity provider, over the real rendered local overlay: each test breaks one thing
 * and asserts that exactly that is reported; the realm file is parsed and holds what the mesh needs.
 */
class ManagementAndIdentityRulesTest {

    private final List<Map<String, Object>> objects = new ArrayList<>(Fixtures.overlay("local"));

    @Test
    void aServiceForwardingToTheManagementPortIsReported() {
        Map<String, Object> wallet = find(objects, "Service", "wallet-service");
        List<Map<String, Object>> ports = new ArrayList<>(Tree.maps(wallet, "spec", "ports"));
        ports.add(new java.util.HashMap<>(Map.of("name", "metrics", "port", 9090, "targetPort", "management")));
        Tree.map(wallet, "spec").put("ports", ports);

        assertThat(ManifestRules.check(objects)).containsExactly(
                "Service/wallet-service forwards to the management port; only Prometheus may reach it, directly");
    }

    @Test
    void scrapingTheApplicationPortOrProbingTheManagementPortIsReported() {
        Map<String, Object> relation = find(objects, "Deployment", "relation-service");
        Tree.map(relation, "spec", "template", "metadata", "annotations").put("prometheus.io/port", "8082");
        Tree.map(container(find(objects, "Deployment", "gateway")), "readinessProbe", "httpGet").put("port", "management");

        assertThat(ManifestRules.check(objects)).containsExactlyInAnyOrder(
                "Deployment/relation-service is scraped on port 8082 instead of its management port 9090",
                "Deployment/gateway probes readinessProbe on the management port; probes use the application port");
    }

    @Test
    void theIdentityProvidersAdminConsoleBehindTheIngressIsReported() {
        Map<String, Object> ingress = find(objects, "Ingress", "identity");
        Map<String, Object> path = Tree.maps(Tree.maps(ingress, "spec", "rules").get(0), "http", "paths").get(0);
        path.put("path", "/admin/");

        assertThat(ManifestRules.check(objects)).containsExactly("Ingress/identity exposes Service/keycloak at /admin/;"
                + " only its token and login paths [/realms/, /resources/] may be public");
    }

    @Test
    void theRealmGivesEveryTokenTheClaimsTheMeshChecks() throws IOException {
        Map<String, Object> realm = Tree.parseAll(Files.readString(
                Fixtures.ROOT.resolve("k8s/base/identity/realm-mutualaid.json"))).get(0);

        assertThat(Tree.string(realm, "realm")).isEqualTo("mutualaid");
        assertThat(Tree.maps(realm, "roles", "realm")).extracting(r -> r.get("name"))
                .containsExactlyInAnyOrder("INSURED", "PROVIDER", "AGENCY", "CLEARING", "ADMIN");
        // The realm's tokens live 5 minutes, well under the mesh's maximum (mesh.security.jwt.max-lifetime, 1 h).
        assertThat((Integer) Tree.at(realm, "accessTokenLifespan")).isLessThanOrEqualTo(3600);
        Map<String, Object> mesh = Tree.maps(realm, "clientScopes").stream()
                .filter(scope -> "mesh".equals(scope.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> mappers = Tree.maps(mesh, "protocolMappers");
        assertThat(mappers).anySatisfy(m -> {
            assertThat(m.get("protocolMapper")).isEqualTo("oidc-audience-mapper");
            assertThat(Tree.string(m, "config", "included.custom.audience")).isEqualTo("mutual-aid-mesh");
        });
        assertThat(mappers).anySatisfy(m -> assertThat(Tree.string(m, "config", "claim.name")).isEqualTo("roles"));
        assertThat(mappers).anySatisfy(m -> assertThat(Tree.string(m, "config", "claim.name")).isEqualTo("area"));
        assertThat(mappers).anySatisfy(m -> assertThat(m.get("protocolMapper")).isEqualTo("oidc-sub-mapper"));

        List<Map<String, Object>> providers = Tree.maps(realm, "clients").stream()
                .filter(c -> String.valueOf(c.get("clientId")).startsWith("provider-")).toList();
        assertThat(providers).isNotEmpty().allSatisfy(client -> {
            // Client credentials only: confidential, a service account, no browser or password flows, no secret here.
            assertThat(client).containsEntry("publicClient", false).containsEntry("serviceAccountsEnabled", true)
                    .containsEntry("standardFlowEnabled", false).containsEntry("directAccessGrantsEnabled", false)
                    .doesNotContainKey("secret");
            assertThat(Tree.list(client, "defaultClientScopes")).contains("mesh");
            Map<String, Object> account = Tree.maps(realm, "users").stream()
                    .filter(u -> client.get("clientId").equals(u.get("serviceAccountClientId"))).findFirst().orElseThrow();
            assertThat(Tree.list(account, "realmRoles")).containsExactly("PROVIDER");
            // The token's subject is the service account's id: the providerId the registry gave the hospital.
            assertThat(Tree.string(account, "id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        });
    }
}
