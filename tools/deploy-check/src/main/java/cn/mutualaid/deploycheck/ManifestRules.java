package cn.mutualaid.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform's rules over rendered Kubernetes objects. {@link #check} returns one readable line per violation,
 * so a test can both require an empty list for the real overlays and show that a broken object is reported.
 * <ul>
 *   <li>every workload container has readiness and liveness probes, CPU and memory requests and limits, and a
 *       non-root, read-only, no-escalation, all-capabilities-dropped security context;</li>
 *   <li>a database (CloudNativePG Cluster) is reachable on PostgreSQL only from its owner's pods (named by the
 *       Cluster's {@value #OWNER_LABEL} label) and its own instances, and its owner can reach it;</li>
 *   <li>only the gateway is exposed outside the cluster: no other LoadBalancer/NodePort Service, Ingress or route
 *       backend, no external Kafka listener, no extra exposed database Service;</li>
 *   <li>Kafka authenticates (TLS + SCRAM), authorizes, and each topic has one writer ({@link KafkaRules});</li>
 *   <li>the applications' management port is reachable by Prometheus only ({@link ManagementPortRules}); the
 *       identity provider is public on its token and login paths only ({@link IdentityProvider});</li>
 *   <li>no secret values in the manifests; every application Deployment has a PodDisruptionBudget; every HPA
 *       targets an existing Deployment that leaves its replica count to the HPA.</li>
 * </ul>
 */
public final class ManifestRules {

    public static final String GATEWAY = "gateway";
    public static final String OWNER_LABEL = "mutualaid.cn/owner";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    static final int POSTGRES_PORT = 5432;
    static final String POSTGRES_PORT_NAME = "postgresql";

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");
    private static final Set<String> EXTERNAL_SERVICE_TYPES = Set.of("LoadBalancer", "NodePort");
    private static final Set<String> INTERNAL_KAFKA_LISTENERS = Set.of("internal", "cluster-ip");
    private static final Set<String> ROUTE_KINDS = Set.of("HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute");
    private static final Pattern SECRET_LIKE_ENV = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY).*");

    private final List<Map<String, Object>> objects;
    private final List<String> violations = new ArrayList<>();

    private ManifestRules(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    public static List<String> check(List<Map<String, Object>> objects) {
        ManifestRules rules = new ManifestRules(objects);
        rules.checkWorkloads();
        rules.checkDatabaseIsolation();
        rules.checkExposure();
        rules.checkNoSecretValues();
        rules.checkAvailability();
        rules.violations.addAll(ManagementPortRules.check(objects));
        rules.violations.addAll(KafkaRules.check(objects));
        return List.copyOf(rules.violations);
    }

    // ---- workloads -------------------------------------------------------------------------------------------

    private void checkWorkloads() {
        for (Map<String, Object> workload : ofKinds(WORKLOAD_KINDS)) {
            String id = id(workload);
            Map<String, Object> pod = Tree.map(workload, "spec", "template", "spec");
            for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (Boolean.TRUE.equals(Tree.at(pod, hostNamespace))) {
                    violation(id, "uses " + hostNamespace);
                }
            }
            List<Map<String, Object>> containers = Tree.maps(pod, "containers");
            if (containers.isEmpty()) {
                violation(id, "has no containers");
            }
            Map<String, Object> podSecurity = Tree.map(pod, "securityContext");
            for (Map<String, Object> container : containers) {
                String where = id + " container " + Tree.string(container, "name");
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    if (Tree.map(container, probe).isEmpty()) {
                        violation(where, "has no " + probe);
                    }
                }
                checkResources(where, container);
                checkSecurityContext(where, container, podSecurity);
            }
            for (Map<String, Object> container : Tree.maps(pod, "initContainers")) {
                String where = id + " init container " + Tree.string(container, "name");
                checkResources(where, container);
                checkSecurityContext(where, container, podSecurity);
            }
        }
    }

    private void checkResources(String where, Map<String, Object> container) {
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (!Tree.has(container, "resources", bound, resource)) {
                    violation(where, "has no resources." + bound + "." + resource);
                }
            }
        }
    }

    private void checkSecurityContext(String where, Map<String, Object> container, Map<String, Object> podSecurity) {
        Map<String, Object> security = Tree.map(container, "securityContext");
        Object nonRoot = security.containsKey("runAsNonRoot") ? security.get("runAsNonRoot") : podSecurity.get("runAsNonRoot");
        if (!Boolean.TRUE.equals(nonRoot)) {
            violation(where, "does not set runAsNonRoot: true");
        }
        Object user = security.containsKey("runAsUser") ? security.get("runAsUser") : podSecurity.get("runAsUser");
        if (user != null && "0".equals(String.valueOf(user))) {
            violation(where, "runs as uid 0");
        }
        if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
            violation(where, "does not set allowPrivilegeEscalation: false");
        }
        if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
            violation(where, "does not set readOnlyRootFilesystem: true");
        }
        if (Boolean.TRUE.equals(security.get("privileged"))) {
            violation(where, "is privileged");
        }
        if (!Tree.list(security, "capabilities", "drop").contains("ALL")) {
            violation(where, "does not drop ALL capabilities");
        }
    }

    // ---- databases -------------------------------------------------------------------------------------------

    /** A set of pods the rendered objects define, by the labels they will carry. */
    private record Workload(String id, Map<String, String> podLabels) {
    }

    private void checkDatabaseIsolation() {
        List<Map<String, Object>> clusters = databaseClusters();
        if (clusters.isEmpty()) {
            return;
        }
        List<Map<String, Object>> policies = ofKind("NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(policy -> Tree.map(policy, "spec", "podSelector").isEmpty()
                && appliesToIngress(policy) && Tree.list(policy, "spec", "ingress").isEmpty());
        if (!defaultDeny) {
            violation("NetworkPolicy", "no default-deny ingress policy (podSelector {}, no ingress rules)");
        }
        List<Workload> workloads = new ArrayList<>();
        for (Map<String, Object> deployment : ofKinds(WORKLOAD_KINDS)) {
            workloads.add(new Workload(id(deployment), Tree.strings(deployment, "spec", "template", "metadata", "labels")));
        }
        for (Map<String, Object> cluster : clusters) {
            workloads.add(new Workload(id(cluster), databasePodLabels(cluster)));
        }
        for (Map<String, Object> cluster : clusters) {
            checkDatabase(cluster, policies, workloads);
        }
    }

    private void checkDatabase(Map<String, Object> cluster, List<Map<String, Object>> policies, List<Workload> workloads) {
        String id = id(cluster);
        String owner = Tree.string(cluster, "metadata", "labels", OWNER_LABEL);
        if (owner == null) {
            violation(id, "has no " + OWNER_LABEL + " label naming the one service that may use it");
            return;
        }
        Workload ownerPods = workloads.stream().filter(w -> w.id().equals("Deployment/" + owner)).findFirst().orElse(null);
        if (ownerPods == null) {
            violation(id, "is owned by " + owner + ", but no Deployment of that name exists");
            return;
        }
        Workload instances = workloads.stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
        boolean isolated = false;
        boolean ownerAdmitted = false;
        for (Map<String, Object> policy : policies) {
            if (!appliesToIngress(policy)
                    || !LabelSelectors.matches(Tree.map(policy, "spec", "podSelector"), instances.podLabels())) {
                continue;
            }
            isolated = true;
            String where = id + " (by " + id(policy) + ")";
            for (Map<String, Object> rule : Tree.maps(policy, "spec", "ingress")) {
                boolean postgres = admitsPostgresPort(rule);
                List<Map<String, Object>> peers = Tree.maps(rule, "from");
                if (peers.isEmpty()) {
                    violation(where, "admits every source" + (postgres ? " on PostgreSQL" : ""));
                    ownerAdmitted |= postgres;
                    continue;
                }
                for (Map<String, Object> peer : peers) {
                    if (Tree.has(peer, "ipBlock")) {
                        violation(where, "admits an ipBlock");
                    } else if (Tree.has(peer, "namespaceSelector")) {
                        // Operators and monitoring live in other namespaces; they may reach status/metrics ports only.
                        if (postgres) {
                            violation(where, "admits pods of other namespaces on PostgreSQL");
                        }
                    } else {
                        ownerAdmitted |= checkPodPeer(where, Tree.map(peer, "podSelector"), workloads, ownerPods, instances)
                                && postgres;
                    }
                }
            }
        }
        if (!isolated) {
            violation(id, "is selected by no NetworkPolicy, so every pod may reach it");
        }
        if (!ownerAdmitted) {
            violation(id, "is not reachable on PostgreSQL from its own service " + owner);
        }
    }

    /** Reports a peer selecting anything but the owner's pods or the database's own instances; true if it selects the owner. */
    private boolean checkPodPeer(String where, Map<String, Object> selector, List<Workload> workloads,
            Workload ownerPods, Workload instances) {
        boolean selectsAny = false;
        boolean selectsOwner = false;
        for (Workload workload : workloads) {
            if (!LabelSelectors.matches(selector, workload.podLabels())) {
                continue;
            }
            selectsAny = true;
            if (workload == ownerPods) {
                selectsOwner = true;
            } else if (workload != instances) {
                violation(where, "admits " + workload.id());
            }
        }
        if (!selectsAny) {
            violation(where, "admits pods selected by " + selector + ", which are not its service's");
        }
        return selectsOwner;
    }

    private static boolean admitsPostgresPort(Map<String, Object> rule) {
        List<Map<String, Object>> ports = Tree.maps(rule, "ports");
        if (ports.isEmpty()) {
            return true;
        }
        for (Map<String, Object> port : ports) {
            Object value = port.get("port");
            if (value == null || POSTGRES_PORT_NAME.equals(value)) {
                return true;
            }
            if (value instanceof Integer number) {
                Object end = port.get("endPort");
                int last = end instanceof Integer endPort ? endPort : number;
                if (number <= POSTGRES_PORT && POSTGRES_PORT <= last) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean appliesToIngress(Map<String, Object> policy) {
        List<Object> types = Tree.list(policy, "spec", "policyTypes");
        return types.isEmpty() || types.contains("Ingress");
    }

    /** The labels CloudNativePG puts on a cluster's instance pods, plus the ones the Cluster asks it to inherit. */
    static Map<String, String> databasePodLabels(Map<String, Object> cluster) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(Tree.strings(cluster, "spec", "inheritedMetadata", "labels"));
        labels.put("cnpg.io/cluster", Tree.string(cluster, "metadata", "name"));
        labels.put("cnpg.io/podRole", "instance");
        return labels;
    }

    private List<Map<String, Object>> databaseClusters() {
        return objects.stream()
                .filter(o -> "Cluster".equals(o.get("kind")) && String.valueOf(o.get("apiVersion")).startsWith("postgresql.cnpg.io/"))
                .toList();
    }

    // ---- exposure --------------------------------------------------------------------------------------------

    private void checkExposure() {
        for (Map<String, Object> service : ofKind("Service")) {
            if (isGateway(service)) {
                continue;
            }
            String type = Tree.string(service, "spec", "type");
            if (EXTERNAL_SERVICE_TYPES.contains(type)) {
                violation(id(service), "is of type " + type + "; only the gateway may be reachable from outside");
            }
            if (!Tree.list(service, "spec", "externalIPs").isEmpty()) {
                violation(id(service), "has externalIPs; only the gateway may be reachable from outside");
            }
        }
        for (Map<String, Object> ingress : ofKind("Ingress")) {
            Map<String, Object> fallback = Tree.map(ingress, "spec", "defaultBackend");
            if (!fallback.isEmpty() && !GATEWAY.equals(Tree.string(fallback, "service", "name"))) {
                violation(id(ingress), "exposes " + describe(fallback) + " as its default backend");
            }
            for (Map<String, Object> rule : Tree.maps(ingress, "spec", "rules")) {
                for (Map<String, Object> path : Tree.maps(rule, "http", "paths")) {
                    String target = Tree.string(path, "backend", "service", "name");
                    String prefix = Tree.string(path, "path");
                    boolean identity = IdentityProvider.SERVICE.equals(target)
                            && IdentityProvider.isPublicPath(prefix);
                    if (!GATEWAY.equals(target) && !identity) {
                        violation(id(ingress), "exposes " + describe(Tree.map(path, "backend"))
                                + (IdentityProvider.SERVICE.equals(target) ? " at " + prefix
                                        + "; only its token and login paths " + IdentityProvider.PUBLIC_PATHS
                                        + " may be public" : ""));
                    }
                }
            }
        }
        for (Map<String, Object> route : ofKinds(ROUTE_KINDS)) {
            for (Map<String, Object> rule : Tree.maps(route, "spec", "rules")) {
                for (Map<String, Object> backend : Tree.maps(rule, "backendRefs")) {
                    if (!GATEWAY.equals(Tree.string(backend, "name"))) {
                        violation(id(route), "exposes " + Tree.string(backend, "name"));
                    }
                }
            }
        }
        for (Map<String, Object> kafka : ofKind("Kafka")) {
            for (Map<String, Object> listener : Tree.maps(kafka, "spec", "kafka", "listeners")) {
                String where = id(kafka) + " listener " + Tree.string(listener, "name");
                String type = Tree.string(listener, "type");
                if (!INTERNAL_KAFKA_LISTENERS.contains(type)) {
                    violation(where, "is of type " + type + "; Kafka must stay inside the cluster");
                }
                if (Tree.list(listener, "networkPolicyPeers").isEmpty()) {
                    violation(where, "has no networkPolicyPeers, so Strimzi admits every pod");
                }
            }
        }
        for (Map<String, Object> cluster : databaseClusters()) {
            for (Map<String, Object> extra : Tree.maps(cluster, "spec", "managed", "services", "additional")) {
                String type = Tree.string(extra, "serviceTemplate", "spec", "type");
                if (EXTERNAL_SERVICE_TYPES.contains(type)) {
                    violation(id(cluster), "adds a " + type + " Service; a database stays inside the cluster");
                }
            }
        }
    }

    private static String describe(Map<String, Object> backend) {
        String target = Tree.string(backend, "service", "name");
        return target == null ? "a non-Service backend" : "Service/" + target;
    }

    private static boolean isGateway(Map<String, Object> service) {
        return GATEWAY.equals(Tree.string(service, "metadata", "name"));
    }

    // ---- secrets and availability ----------------------------------------------------------------------------

    private void checkNoSecretValues() {
        for (Map<String, Object> secret : ofKind("Secret")) {
            if (!Tree.map(secret, "data").isEmpty() || !Tree.map(secret, "stringData").isEmpty()) {
                violation(id(secret), "carries secret values; create Secrets out of band or let the operators create them");
            }
        }
        for (Map<String, Object> workload : ofKinds(WORKLOAD_KINDS)) {
            Map<String, Object> pod = Tree.map(workload, "spec", "template", "spec");
            List<Map<String, Object>> containers = new ArrayList<>(Tree.maps(pod, "containers"));
            containers.addAll(Tree.maps(pod, "initContainers"));
            for (Map<String, Object> container : containers) {
                for (Map<String, Object> env : Tree.maps(container, "env")) {
                    String name = Tree.string(env, "name");
                    String value = Tree.string(env, "value");
                    // A "file:" location points at a mounted Secret; anything else would be the secret itself.
                    if (name != null && SECRET_LIKE_ENV.matcher(name).matches() && value != null
                            && !value.startsWith("file:")) {
                        violation(id(workload), "sets " + name + " as a literal; use secretKeyRef");
                    }
                }
            }
        }
    }

    private void checkAvailability() {
        List<Map<String, Object>> budgets = ofKind("PodDisruptionBudget");
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            if (!"app".equals(Tree.string(deployment, "metadata", "labels", COMPONENT_LABEL))) {
                continue;
            }
            Map<String, String> labels = Tree.strings(deployment, "spec", "template", "metadata", "labels");
            boolean covered = budgets.stream()
                    .anyMatch(pdb -> LabelSelectors.matches(Tree.map(pdb, "spec", "selector"), labels));
            if (!covered) {
                violation(id(deployment), "has no PodDisruptionBudget");
            }
        }
        for (Map<String, Object> hpa : ofKind("HorizontalPodAutoscaler")) {
            String kind = Tree.string(hpa, "spec", "scaleTargetRef", "kind");
            String name = Tree.string(hpa, "spec", "scaleTargetRef", "name");
            boolean exists = objects.stream().anyMatch(o -> String.valueOf(kind).equals(o.get("kind"))
                    && String.valueOf(name).equals(Tree.string(o, "metadata", "name")));
            if (!exists) {
                violation(id(hpa), "scales " + kind + "/" + name + ", which does not exist");
            } else if ("Deployment".equals(kind) && Tree.has(find("Deployment", name), "spec", "replicas")) {
                // Every apply would reset the count the autoscaler chose.
                violation("Deployment/" + name, "sets replicas although HorizontalPodAutoscaler/"
                        + Tree.string(hpa, "metadata", "name") + " scales it");
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Map<String, Object> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(Tree.string(o, "metadata", "name"))).findFirst().orElseThrow();
    }

    private List<Map<String, Object>> ofKind(String kind) {
        return ofKinds(Set.of(kind));
    }

    private List<Map<String, Object>> ofKinds(Set<String> kinds) {
        return objects.stream().filter(o -> kinds.contains(String.valueOf(o.get("kind")))).toList();
    }

    static String id(Map<String, Object> object) {
        return object.get("kind") + "/" + Tree.string(object, "metadata", "name");
    }

    private void violation(String where, String what) {
        violations.add(where + " " + what);
    }
}
