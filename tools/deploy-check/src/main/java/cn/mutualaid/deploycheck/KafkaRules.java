package cn.mutualaid.deploycheck;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka is a hostile network (issue 15, item 7): every listener needs TLS and authentication, the cluster uses
 * ACLs, each service that is a Kafka client runs as its own KafkaUser with the password from that user's Secret, and
 * no topic has two writers (a service's identity can publish only what its outbox or dead-letter handling writes).
 */
final class KafkaRules {
    private static final String CLIENT_LABEL = "mutualaid.cn/kafka-client";

    private KafkaRules() {
    }

    static List<String> check(List<Map<String, Object>> objects) {
        List<String> violations = new java.util.ArrayList<>();
        for (Map<String, Object> kafka : ofKind(objects, "Kafka")) {
            String id = ManifestRules.id(kafka);
            for (Map<String, Object> listener : Tree.maps(kafka, "spec", "kafka", "listeners")) {
                String where = id + " listener " + Tree.string(listener, "name");
                if (!Boolean.TRUE.equals(listener.get("tls"))) {
                    violations.add(where + " is not TLS");
                }
                if (Tree.string(listener, "authentication", "type") == null) {
                    violations.add(where + " does not authenticate clients");
                }
            }
            if (Tree.string(kafka, "spec", "kafka", "authorization", "type") == null) {
                violations.add(id + " has no authorization: every authenticated client could write every topic");
            }
        }
        Set<String> users = new TreeSet<>();
        Map<String, String> writers = new HashMap<>();
        for (Map<String, Object> user : ofKind(objects, "KafkaUser")) {
            String name = Tree.string(user, "metadata", "name");
            users.add(name);
            for (Map<String, Object> acl : Tree.maps(user, "spec", "authorization", "acls")) {
                String topic = Tree.string(acl, "resource", "name");
                boolean writes = "topic".equals(Tree.string(acl, "resource", "type"))
                        && Tree.list(acl, "operations").stream().anyMatch(op -> "Write".equals(op) || "All".equals(op));
                if (!"literal".equals(Tree.string(acl, "resource", "patternType"))) {
                    violations.add("KafkaUser/" + name + " has an ACL on a pattern (" + topic + "); name topics exactly");
                }
                String other = writes ? writers.putIfAbsent(topic, name) : null;
                if (other != null) {
                    violations.add("topic " + topic + " is writable by both KafkaUser/" + other + " and KafkaUser/" + name);
                }
            }
        }
        for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
            if (!"true".equals(Tree.string(deployment, "spec", "template", "metadata", "labels", CLIENT_LABEL))) {
                continue;
            }
            String id = ManifestRules.id(deployment);
            Map<String, Object> container = Tree.maps(deployment, "spec", "template", "spec", "containers").get(0);
            Map<String, Map<String, Object>> env = new HashMap<>();
            Tree.maps(container, "env").forEach(e -> env.put(Tree.string(e, "name"), e));
            String user = Tree.string(env.get("MESH_KAFKA_USER"), "value");
            if (user == null || !users.contains(user)) {
                violations.add(id + " has no KafkaUser of its own (MESH_KAFKA_USER " + user + ")");
            } else if (!user.equals(Tree.string(env.get("MESH_KAFKA_PASSWORD"), "valueFrom", "secretKeyRef", "name"))) {
                violations.add(id + " does not read MESH_KAFKA_PASSWORD from its KafkaUser's Secret " + user);
            }
        }
        return violations;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }
}
