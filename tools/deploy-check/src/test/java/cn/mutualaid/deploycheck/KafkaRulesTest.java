package cn.mutualaid.deploycheck;

import static cn.mutualaid.deploycheck.Fixtures.container;
import static cn.mutualaid.deploycheck.Fixtures.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's authentication and ACLs over the real rendered overlay: each test breaks one thing. */
class KafkaRulesTest {

    private final List<Map<String, Object>> objects = new ArrayList<>(Fixtures.overlay("production"));

    @Test
    void theRealOverlayGivesWalletCommandsOneWriterAndEveryServiceItsOwnUser() {
        assertThat(KafkaRules.check(objects)).isEmpty();
        List<String> writers = Fixtures.all(objects, "KafkaUser").stream()
                .filter(user -> Tree.maps(user, "spec", "authorization", "acls").stream().anyMatch(acl ->
                        "wallet.commands".equals(Tree.string(acl, "resource", "name"))
                                && Tree.list(acl, "operations").contains("Write")))
                .map(user -> Tree.string(user, "metadata", "name")).toList();
        assertThat(writers).containsExactly("relation-service");
    }

    /** docker/kafka/acls.sh (the workstation's broker) grants each service the same writes as its KafkaUser. */
    @Test
    void theWorkstationsAclsEqualTheClustersKafkaUsers() throws java.io.IOException {
        Map<String, String> deployments = Map.of("registry", "insured-registry-service", "relation", "relation-service",
                "wallet", "wallet-service", "settlement", "settlement-service");
        String script = java.nio.file.Files.readString(Fixtures.ROOT.resolve("docker/kafka/acls.sh"));
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("\"(\\w+)\\|([^|]*)\\|([^|]*)\\|([^\"]*)\"")
                .matcher(script);
        int rows = 0;
        while (row.find()) {
            rows++;
            String group = row.group(4);
            java.util.Set<String> writes = new java.util.TreeSet<>(List.of(row.group(2).split(" ")));
            java.util.Set<String> reads = new java.util.TreeSet<>();
            for (String topic : row.group(3).split(" ")) {
                if (!topic.isBlank()) {
                    reads.add(topic);
                    writes.add("error." + topic + "." + group);
                }
            }
            Map<String, Object> user = find(objects, "KafkaUser", deployments.get(row.group(1)));
            assertThat(topics(user, "Write")).as(row.group(1)).isEqualTo(writes);
            assertThat(topics(user, "Read")).as(row.group(1)).isEqualTo(reads);
        }
        assertThat(rows).isEqualTo(4);
    }

    private static java.util.Set<String> topics(Map<String, Object> user, String operation) {
        java.util.Set<String> topics = new java.util.TreeSet<>();
        for (Map<String, Object> acl : Tree.maps(user, "spec", "authorization", "acls")) {
            if ("topic".equals(Tree.string(acl, "resource", "type")) && Tree.list(acl, "operations").contains(operation)) {
                topics.add(Tree.string(acl, "resource", "name"));
            }
        }
        return topics;
    }

    @Test
    void anotherServiceAllowedToWriteWalletCommandsIsReported() {
        Map<String, Object> wallet = find(objects, "KafkaUser", "wallet-service");
        List<Map<String, Object>> acls = new ArrayList<>(Tree.maps(wallet, "spec", "authorization", "acls"));
        acls.add(new HashMap<>(Map.of("resource", Map.of("type", "topic", "name", "wallet.commands",
                "patternType", "literal"), "operations", List.of("Write"))));
        Tree.map(wallet, "spec", "authorization").put("acls", acls);

        assertThat(KafkaRules.check(objects)).containsExactly(
                "topic wallet.commands is writable by both KafkaUser/relation-service and KafkaUser/wallet-service");
    }

    @Test
    void anUnauthenticatedListenerOrNoAuthorizationIsReported() {
        Map<String, Object> kafka = find(objects, "Kafka", "mesh-kafka");
        Map<String, Object> listener = Tree.maps(kafka, "spec", "kafka", "listeners").get(0);
        listener.remove("authentication");
        listener.put("tls", false);
        Tree.map(kafka, "spec", "kafka").remove("authorization");

        assertThat(KafkaRules.check(objects)).containsExactlyInAnyOrder(
                "Kafka/mesh-kafka listener tls is not TLS",
                "Kafka/mesh-kafka listener tls does not authenticate clients",
                "Kafka/mesh-kafka has no authorization: every authenticated client could write every topic");
    }

    @Test
    void aServiceUsingAnotherServicesKafkaIdentityIsReported() {
        Map<String, Object> settlement = container(find(objects, "Deployment", "settlement-service"));
        for (Map<String, Object> env : Tree.maps(settlement, "env")) {
            if ("MESH_KAFKA_PASSWORD".equals(env.get("name"))) {
                Tree.map(env, "valueFrom", "secretKeyRef").put("name", "relation-service");
            }
        }

        assertThat(KafkaRules.check(objects)).containsExactly(
                "Deployment/settlement-service does not read MESH_KAFKA_PASSWORD from its KafkaUser's Secret settlement-service");
    }
}
