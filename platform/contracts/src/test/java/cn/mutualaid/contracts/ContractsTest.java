package cn.mutualaid.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ContractsTest {

    static final java.util.List<Class<?>> ALL = Contracts.ALL;

    @ParameterizedTest
    @FieldSource("ALL")
    void everyContractSurvivesAJsonRoundTripInsideAnEnvelope(Class<?> type) {
        Object sample = Samples.of(type);
        Envelope sent = Envelope.wrap(UUID.randomUUID(), sample, "agg-1", java.time.Instant.parse("2026-11-23T02:00:00Z"),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        String wire = Contracts.mapper().writeValueAsString(sent);
        Envelope received = Contracts.mapper().readValue(wire, Envelope.class);

        // JsonNode trees differ by number node class (long vs int) across a parse, so compare what is on the wire.
        assertThat(Contracts.mapper().writeValueAsString(received)).isEqualTo(wire);
        assertThat(received.eventId()).isEqualTo(sent.eventId());
        assertThat(received.payloadObject()).isEqualTo(sample);
        assertThat(received.is(type)).isTrue();
        assertThat(wire).contains("\"occurredAt\":\"2026-11-23T02:00:00Z\"");
    }

    /**
     * Backward compatibility: the v1 wire form of each contract is kept as a fixture. Today's record must still
     * read it, and must still write every field it had, so an old consumer keeps working.
     */
    @ParameterizedTest
    @FieldSource("ALL")
    void everyContractStillReadsAndWritesItsRecordedV1Form(Class<?> type) throws IOException {
        Contract contract = Contracts.contractOf(type);
        String fixture = "/contracts/" + contract.type() + ".v" + contract.version() + ".json";
        String recorded;
        try (InputStream in = getClass().getResourceAsStream(fixture)) {
            if (in == null && Boolean.getBoolean("contracts.record")) {
                Path out = Path.of("src/test/resources" + fixture);
                Files.writeString(out, Contracts.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Samples.of(type)));
                return;
            }
            assertThat(in).as("fixture %s (run once with -Dcontracts.record=true to create it)", fixture).isNotNull();
            recorded = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Object read = Contracts.mapper().readValue(recorded, type);
        JsonNode oldForm = Contracts.mapper().readTree(recorded);
        JsonNode newForm = Contracts.mapper().valueToTree(read);
        Set<String> missing = new HashSet<>(oldForm.propertyNames());
        missing.removeAll(newForm.propertyNames());
        assertThat(missing).as("fields dropped from %s", contract.type()).isEmpty();
        assertThat(Contracts.mapper().writeValueAsString(newForm)).isEqualTo(Contracts.mapper().writeValueAsString(oldForm));
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String newer = """
                {"personId":"p-1","gender":"F","birthDate":"1949-12-31","registeredAt":"2026-11-23T02:00:00Z","nickname":"new"}""";
        var read = Contracts.mapper().readValue(newer, cn.mutualaid.contracts.registry.PersonRegistered.class);
        assertThat(read.personId()).isEqualTo("p-1");
    }

    @Test
    void typesAndVersionsAreUniqueAndTopicsKnown() {
        Set<String> keys = new HashSet<>();
        for (Class<?> type : Contracts.ALL) {
            Contract c = Contracts.contractOf(type);
            assertThat(keys.add(c.type() + c.version())).as("duplicate contract %s", c.type()).isTrue();
            assertThat(c.topic()).isIn(Topics.REGISTRY_EVENTS, Topics.RELATION_EVENTS, Topics.WALLET_EVENTS,
                    Topics.SETTLEMENT_EVENTS, Topics.WALLET_COMMANDS, Topics.WALLET_REPLIES);
        }
        assertThatThrownBy(() -> Contracts.classFor("NoSuchEvent", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopeIsComputedFromTheTwoPoolingAreas() {
        assertThat(AidScope.between("320500", "320500")).isEqualTo(AidScope.SAME_AREA);
        assertThat(AidScope.between("320500", "320100")).isEqualTo(AidScope.INTRA_PROVINCE);
        assertThat(AidScope.between("320500", "410100")).isEqualTo(AidScope.CROSS_PROVINCE);
        assertThat(AidScope.provinceOf("660100")).isEqualTo("660000");
        assertThatThrownBy(() -> AidScope.provinceOf("32")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kinshipInverseIsAnInvolutionAndNuclearScopeIsSpouseParentsChildren() {
        for (Kinship k : Kinship.values()) {
            assertThat(k.inverse().inverse()).isEqualTo(k);
            assertThat(KinshipScope.NUCLEAR.allows(k)).isEqualTo(k == Kinship.SPOUSE || k == Kinship.PARENT || k == Kinship.CHILD);
            assertThat(KinshipScope.CLOSE_RELATIVES.allows(k)).isTrue();
        }
        assertThat(Kinship.MATERNAL_GRANDPARENT.inverse()).isEqualTo(Kinship.MATERNAL_GRANDCHILD);
    }
}
