package cn.mutualaid.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The applications' actuator (metrics, health details) lives on their management port, which only Prometheus may
 * reach: every application pod names the port {@value #PORT_NAME}, Prometheus' scrape annotation points at it, no
 * Service (hence no Ingress or gateway route) forwards to it, and the probes stay on the application port.
 */
final class ManagementPortRules {
    static final String PORT_NAME = "management";

    private ManagementPortRules() {
    }

    static List<String> check(List<Map<String, Object>> objects) {
        List<String> violations = new ArrayList<>();
        Integer port = null;
        for (Map<String, Object> deployment : objects) {
            if (!"Deployment".equals(deployment.get("kind")) || !"app".equals(Tree.string(deployment, "spec",
                    "template", "metadata", "labels", ManifestRules.COMPONENT_LABEL))) {
                continue;
            }
            String id = ManifestRules.id(deployment);
            Map<String, Object> container = Tree.maps(deployment, "spec", "template", "spec", "containers").get(0);
            port = Tree.maps(container, "ports").stream().filter(p -> PORT_NAME.equals(p.get("name")))
                    .map(p -> (Integer) p.get("containerPort")).findFirst().orElse(null);
            if (port == null) {
                violations.add(id + " has no container port named " + PORT_NAME);
                continue;
            }
            String scraped = Tree.string(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port");
            if (!String.valueOf(port).equals(scraped)) {
                violations.add(id + " is scraped on port " + scraped + " instead of its management port " + port);
            }
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                if (PORT_NAME.equals(Tree.string(container, probe, "httpGet", "port"))) {
                    violations.add(id + " probes " + probe + " on the management port; probes use the application port");
                }
            }
        }
        for (Map<String, Object> service : objects) {
            if (!"Service".equals(service.get("kind"))) {
                continue;
            }
            for (Map<String, Object> servicePort : Tree.maps(service, "spec", "ports")) {
                Object target = servicePort.get("targetPort");
                if (PORT_NAME.equals(target) || (port != null && port.equals(target))
                        || (port != null && target == null && port.equals(servicePort.get("port")))) {
                    violations.add(ManifestRules.id(service) + " forwards to the management port; only Prometheus may"
                            + " reach it, directly");
                }
            }
        }
        return violations;
    }
}
