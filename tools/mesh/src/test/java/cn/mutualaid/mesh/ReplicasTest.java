package cn.mutualaid.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicasTest {
    private static Launcher.App app(String name) {
        return Launcher.APPS.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void severalInstancesAreNumberedWithTheirOwnPortsAndManagementPorts() {
        Replicas replicas = Replicas.parse("wallet=3, settlement-service=2");
        List<Replicas.Instance> wallets = replicas.instances(app("wallet"), 8083, 10, 100);
        assertThat(wallets).extracting(Replicas.Instance::name).containsExactly("wallet-1", "wallet-2", "wallet-3");
        assertThat(wallets).extracting(Replicas.Instance::port).containsExactly(8083, 8093, 8103);
        assertThat(wallets).extracting(Replicas.Instance::managementPort).containsExactly(8183, 8193, 8203);
        assertThat(replicas.count(app("settlement"))).isEqualTo(2);
        assertThat(replicas.spec()).isEqualTo("wallet=3,settlement=2");
    }

    @Test
    void aServiceNotNamedRunsOnceUnderItsOwnName() {
        assertThat(Replicas.parse("wallet=2").instances(app("relation"), 8082, 10, 100))
                .containsExactly(new Replicas.Instance(app("relation"), "relation", 1, 8082, 8182));
        assertThat(Replicas.parse("").instances(app("wallet"), 8083, 10, 100))
                .extracting(Replicas.Instance::name).containsExactly("wallet");
        assertThat(Replicas.parse("wallet=1").instances(app("wallet"), 8083, 10, 100))
                .extracting(Replicas.Instance::name).containsExactly("wallet");
    }

    @Test
    void badSpecificationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Replicas.parse("wallet=0")).hasMessageContaining("from 1");
        assertThatThrownBy(() -> Replicas.parse("wallet=two")).hasMessageContaining("from 1");
        assertThatThrownBy(() -> Replicas.parse("gateway=2")).hasMessageContaining("the gateway runs once");
        assertThatThrownBy(() -> Replicas.parse("bank=2")).hasMessageContaining("no service bank");
        assertThatThrownBy(() -> Replicas.parse("wallet")).hasMessageContaining("SERVICE=N");
        assertThatThrownBy(() -> Replicas.parse("wallet=2,wallet-service=3")).hasMessageContaining("twice");
    }

    @Test
    void aServiceNameStandsForEveryInstanceAndAnInstanceNameForItself() {
        List<Part> parts = List.of(part("kafka"), part("wallet-1"), part("wallet-2"), part("relation"),
                part("settlement-10"));
        assertThat(Replicas.named(parts, "wallet")).extracting(Part::name).containsExactly("wallet-1", "wallet-2");
        assertThat(Replicas.named(parts, "wallet-2")).extracting(Part::name).containsExactly("wallet-2");
        assertThat(Replicas.named(parts, "relation")).extracting(Part::name).containsExactly("relation");
        assertThat(Replicas.named(parts, "settlement")).extracting(Part::name).containsExactly("settlement-10");
        assertThat(Replicas.named(parts, "registry")).isEmpty();
    }

    @Test
    void upTakesDetachAndReplicasInAnyOrder() {
        assertThatThrownBy(() -> Mesh.run(List.of("up", "--replicas"), System.out))
                .hasMessageContaining("up takes -d and --replicas");
        assertThatThrownBy(() -> Mesh.run(List.of("up", "-d", "--replicas=bank=2"), System.out))
                .hasMessageContaining("no service bank");
    }

    private static Part part(String name) {
        return new Part(name, 2, 1, "tcp://127.0.0.1:1", "-Dmesh.part=" + name + " ", "TERM");
    }
}
