package cn.mutualaid.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.console.IdentityProvider.Person;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The console outside the local profile, in real Chromium: signing in with OpenID Connect (authorization code +
 * PKCE) at a real identity provider ({@link IdentityProvider}: its own login page, username and password), back to
 * the console with the provider's access token, which a gateway configured for that provider ({@link OidcGateway})
 * and the mesh's services accept, so the pages show the mesh's data. A wrong password leaves the person on the
 * provider's page with nothing signed in; signing out forgets the token and ends the provider's session too.
 */
@ExtendWith(RunningMesh.class)
class ConsoleOidcIT {
    private static final Person ADMIN = new Person("admin-wang", "rollout-2024", "ADMIN", null);
    private static final Person AGENCY = new Person("operator-suzhou", "hall-320500", "AGENCY", "320500");
    private static IdentityProvider provider;
    private static OidcGateway gateway;
    private static Browser browser;

    @RegisterExtension
    final TestWatcher keepEvidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("oidc-" + context.getRequiredTestMethod().getName() + "-failed");
            }
        }
    };

    /** The second gateway starts as its own process while the provider starts in this JVM. */
    private static long started;

    @BeforeAll
    static void start() {
        started = System.nanoTime();
        gateway = OidcGateway.start(RunningMesh.IDP_ISSUER, IdentityProvider.CLIENT_ID);
        provider = IdentityProvider.start(RunningMesh.IDP_PORT, RunningMesh.IDP_ISSUER,
                RunningMesh.home().resolve("jwt"), OidcGateway.url() + "/console/", List.of(ADMIN, AGENCY));
        long providerReady = System.nanoTime();
        gateway.awaitReady(Duration.ofSeconds(120));
        System.out.printf("[oidc] identity provider ready in %.1f s, gateway in %.1f s%n",
                (providerReady - started) / 1e9, (System.nanoTime() - started) / 1e9);
        browser = new Browser(OidcGateway.url());
        browser.size(Browser.DESK);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (provider != null) {
            provider.close();
        }
        System.out.printf("[oidc] provider, gateway and browser tests: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** A new person at the computer: no console token, no session at the provider. */
    @BeforeEach
    void freshBrowser() {
        browser.driver().get(OidcGateway.url() + "/console/");
        browser.driver().manage().deleteAllCookies();
        browser.driver().executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.driver().navigate().refresh();
    }

    @Test
    void theGatewayOffersTheProviderAndNoDevelopmentTokens() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(OidcGateway.url() + "/console/config"))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(config.body());
        assertThat(body.get("devTokens").asBoolean()).isFalse();
        assertThat(body.get("oidc").get("issuer").asString()).isEqualTo(RunningMesh.IDP_ISSUER);
        assertThat(body.get("oidc").get("clientId").asString()).isEqualTo(IdentityProvider.CLIENT_ID);
        HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(OidcGateway.url() + "/dev/tokens"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"x\",\"roles\":[\"ADMIN\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(minted.statusCode()).as("no development tokens outside the local profile").isIn(401, 403, 404);
    }

    /**
     * The administrator signs in at the provider's page and sees every province's rollout, read from the registry with
     * the provider's token; signing out forgets it, and the next sign-in asks for the password again.
     */
    @Test
    void theAdministratorSignsInAtTheProviderAndOut() {
        long started = System.nanoTime();
        signInAtProvider(ADMIN.username(), ADMIN.password());
        browser.waitFor(By.cssSelector("nav.menu"));
        assertThat(browser.driver().getCurrentUrl()).as("back at the console, the code gone from the address")
                .isEqualTo(OidcGateway.url() + "/console/#/admin");
        assertThat(browser.text(By.cssSelector("[data-who]"))).contains("管理员");
        browser.waitFor(By.cssSelector("tr[data-province='320000']"));
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-province]"))).hasSizeGreaterThanOrEqualTo(31);
        Map<String, Object> claims = tokenClaims();
        assertThat(claims).containsEntry("iss", RunningMesh.IDP_ISSUER).containsEntry("sub", ADMIN.username())
                .containsEntry("roles", List.of("ADMIN")).containsEntry("aud", IdentityProvider.AUDIENCE);
        browser.screenshot("oidc-admin-rollout");
        System.out.printf("[oidc] signed in and the rollout shown in %.1f s%n", (System.nanoTime() - started) / 1e9);

        // Signing out goes through the provider's logout endpoint and back: wait for the console's page loaded anew.
        browser.driver().executeScript("window.beforeSignOut = true;");
        browser.click(By.cssSelector(".who button"));
        browser.until(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.driver().executeScript(
                "return window.beforeSignOut === undefined && location.href.startsWith(arguments[0])"
                        + " && document.querySelector(\"[data-signin='oidc']\") !== null", OidcGateway.url() + "/console/")),
                () -> { });
        assertThat(browser.driver().executeScript("return sessionStorage.getItem('mesh.token')")).isNull();
        browser.driver().navigate().refresh();
        browser.waitFor(By.cssSelector("[data-signin='oidc']"));
        assertThat(browser.driver().findElements(By.cssSelector("nav.menu"))).as("still signed out after a reload")
                .isEmpty();
        browser.click(By.cssSelector("[data-signin='oidc']"));
        browser.waitFor(By.id("password"));
        assertThat(browser.driver().getCurrentUrl()).startsWith(RunningMesh.IDP_ISSUER + "/login");
    }

    /**
     * A wrong password: the provider's page says so and the console knows no one; then the right one, and the agency's
     * page lists its area's transfers (the token's {@code area} claim, checked by the registry).
     */
    @Test
    void aWrongPasswordStaysAtTheProvider() {
        signInAtProvider(AGENCY.username(), "not-" + AGENCY.password());
        browser.until(Duration.ofSeconds(20),
                () -> browser.driver().getCurrentUrl().startsWith(RunningMesh.IDP_ISSUER + "/login?error"), () -> { });
        assertThat(browser.text(By.tagName("body"))).contains("Invalid credentials");
        assertThat(browser.driver().findElements(By.id("password"))).as("the form offered again").hasSize(1);
        browser.screenshot("oidc-wrong-password");
        browser.driver().get(OidcGateway.url() + "/console/");
        browser.waitFor(By.cssSelector("[data-signin='oidc']"));
        assertThat(browser.driver().executeScript("return sessionStorage.getItem('mesh.token')")).isNull();
        assertThat(browser.driver().findElements(By.cssSelector("nav.menu"))).isEmpty();

        signInAtProvider(AGENCY.username(), AGENCY.password());
        browser.waitFor(By.cssSelector("nav.menu"));
        assertThat(browser.text(By.cssSelector("[data-who]"))).contains("320500");
        browser.page("/transfers");
        assertThat(browser.text(By.cssSelector("[data-area]"))).isEqualTo("320500");
        // What the page's list call gets with this token: the registry's answer for the token's area, not a refusal.
        Object answer = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/transfers?direction=in&page=0&size=20',
                    { headers: { authorization: 'Bearer ' + sessionStorage.getItem('mesh.token') } })
                  .then(async (r) => done(r.status + ' ' + Array.isArray(await r.json())), (e) => done(String(e)));""");
        assertThat(answer).isEqualTo("200 true");
        assertThat(browser.driver().findElements(By.cssSelector("[role='alert']"))).isEmpty();
        browser.screenshot("oidc-agency-transfers");
    }

    /** From the console's sign-in page through the provider's login form (what a person types and clicks). */
    private static void signInAtProvider(String username, String password) {
        browser.click(By.cssSelector("[data-signin='oidc']"));
        browser.waitFor(By.id("username"));
        assertThat(browser.driver().getCurrentUrl()).startsWith(RunningMesh.IDP_ISSUER + "/login");
        browser.screenshot("oidc-provider-login");
        browser.type("username", username);
        browser.type("password", password);
        browser.click(By.cssSelector("form button[type='submit']"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tokenClaims() {
        String json = (String) browser.driver().executeScript(
                "const t = sessionStorage.getItem('mesh.token');"
                        + " return atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));");
        Map<String, Object> claims = new ObjectMapper().readValue(json, Map.class);
        Object aud = claims.get("aud");
        if (aud instanceof List<?> list && list.size() == 1) {
            claims.put("aud", list.get(0));
        }
        return claims;
    }
}
