package cn.mutualaid.registry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderIT extends RegistryTestBase {

    @Test
    void anAgencyRegistersADesignatedProviderInItsAreaAndItIsPublishedOnce() {
        Map<?, ?> provider = post(TestJwt.agency(JIANGSU), "/api/v1/providers",
                Map.of("name", " 苏州市立医院 ", "type", "MEDICAL_INSTITUTION", "poolingArea", SUZHOU))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String providerId = (String) provider.get("providerId");
        assertThat(providerId).isNotBlank();
        assertThat(provider.get("name")).isEqualTo("苏州市立医院");
        assertThat(provider.get("type")).isEqualTo("MEDICAL_INSTITUTION");
        assertThat(provider.get("poolingArea")).isEqualTo(SUZHOU);
        assertThat(provider.get("province")).isEqualTo(JIANGSU);

        for (String token : new String[] {TestJwt.agency(CHENGDU), TestJwt.provider(providerId)}) {
            get(token, "/api/v1/providers/" + providerId).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.providerId").isEqualTo(providerId).jsonPath("$.type").isEqualTo("MEDICAL_INSTITUTION");
        }
        get(TestJwt.provider("another-provider"), "/api/v1/providers/" + providerId).exchange().expectStatus().isNotFound();
        get(TestJwt.insured("p-1"), "/api/v1/providers/" + providerId).exchange().expectStatus().isForbidden();
        get(TestJwt.agency(SUZHOU), "/api/v1/providers/no-such-provider").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");

        List<RegistryEvents.Received> events = RegistryEvents.awaitType(providerId, "ProviderRegistered");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo(providerId);
        assertThat(events.get(0).envelope().payload().get("poolingArea").asString()).isEqualTo(SUZHOU);
        assertThat(events.get(0).envelope().payload().get("type").asString()).isEqualTo("MEDICAL_INSTITUTION");
    }

    @Test
    void refusals() {
        long before = count("select count(*) from provider");
        post(TestJwt.agency(SUZHOU), "/api/v1/providers",
                Map.of("name", "南京药房", "type", "RETAIL_PHARMACY", "poolingArea", NANJING))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        post(TestJwt.agency(JIANGSU), "/api/v1/providers",
                Map.of("name", "无名药房", "type", "RETAIL_PHARMACY", "poolingArea", "329900"))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_POOLING_AREA");
        post(TestJwt.agency(SUZHOU), "/api/v1/providers",
                Map.of("name", "药房", "type", "CLINIC", "poolingArea", SUZHOU))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        post(TestJwt.insured("p-1"), "/api/v1/providers",
                Map.of("name", "药房", "type", "RETAIL_PHARMACY", "poolingArea", SUZHOU))
                .exchange().expectStatus().isForbidden();
        assertThat(count("select count(*) from provider")).isEqualTo(before);
    }
}
