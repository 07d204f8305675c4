package cn.mutualaid.mesh;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Writes the services' ACLs ({@link KafkaSecurity#ACCESS}) into the launcher's broker, as its super user. Run by
 * {@code ./mesh up} in a JVM of its own with Kafka's class path ({@code java -cp mesh.jar:kafka-lib/*}), since the
 * launcher itself carries no Kafka classes. Creating an ACL that exists already changes nothing, so every start
 * runs it.
 */
public final class KafkaAcls {
    private KafkaAcls() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Properties passwords = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[1]))) {
            passwords.load(in);
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + KafkaSecurity.BROKER + "\" password=\"" + passwords.getProperty(KafkaSecurity.BROKER) + "\";");
        try (Admin admin = Admin.create(config)) {
            List<AclBinding> acls = bindings();
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            System.out.println("kafka acls: " + acls.size() + " for " + KafkaSecurity.ACCESS.size() + " services");
        }
    }

    static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        for (KafkaSecurity.Access access : KafkaSecurity.ACCESS) {
            String principal = "User:" + access.user();
            List<String> own = new ArrayList<>(access.writes());
            own.addAll(access.deadLetterTopics());
            for (String topic : own) {
                for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE,
                        AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS)) {
                    acls.add(allow(principal, ResourceType.TOPIC, topic, op));
                }
            }
            // Reading, and creating or widening a topic it reads if it starts first (the binder provisions its
            // destinations): never writing it.
            for (String topic : access.reads()) {
                for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE,
                        AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS)) {
                    acls.add(allow(principal, ResourceType.TOPIC, topic, op));
                }
            }
            if (access.group() != null) {
                acls.add(allow(principal, ResourceType.GROUP, access.group(), AclOperation.READ));
            }
        }
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
