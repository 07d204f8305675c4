package cn.mutualaid.gateway.console;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the console needs to sign people in outside the local profile: the OpenID Connect provider (issuer, the
 * console's public client id, scopes) and, where the provider has no discovery document the browser may read, its
 * authorization and token endpoints. No client secret: the console is a public client and uses PKCE.
 */
@ConfigurationProperties("mesh.console.oidc")
public record ConsoleProperties(String issuer, String clientId, @DefaultValue("openid profile") String scope,
        String authorizationEndpoint, String tokenEndpoint) {

    public boolean configured() {
        return present(issuer) && present(clientId);
    }

    /** Origins the console's scripts may call besides its own (discovery and the token exchange). */
    Set<String> origins() {
        Set<String> origins = new LinkedHashSet<>();
        for (String url : new String[] {issuer, tokenEndpoint}) {
            if (present(url)) {
                URI uri = URI.create(url);
                origins.add(uri.getScheme() + "://" + uri.getAuthority());
            }
        }
        return origins;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
