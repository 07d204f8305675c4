package cn.mutualaid.gateway.access;

import cn.mutualaid.platform.security.MeshAuthorizationRules;
import cn.mutualaid.platform.security.Role;
import java.util.Arrays;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;

/**
 * Coarse per-prefix role rules at the front door, from docs/api.md: a role that cannot use a prefix (with that method)
 * at all gets 403 here; everything finer (ownership, areas, a specific endpoint's role) is the service's job. Deliberately
 * generous: a legitimate call must never be denied here. First match wins; an /api path matched by none still needs a
 * valid token (the platform's catch-all). The expectations live in src/test/resources/access/route-role-matrix.csv.
 */
@Component
public class RouteAccessRules implements MeshAuthorizationRules {

    @Override
    public void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        // Registry
        read(exchanges, "/api/v1/persons/**", Role.AGENCY, Role.INSURED);
        any(exchanges, "/api/v1/persons/**", Role.AGENCY);
        read(exchanges, "/api/v1/kinships/**", Role.AGENCY, Role.INSURED);
        any(exchanges, "/api/v1/kinships/**", Role.AGENCY);
        exchanges.pathMatchers(HttpMethod.GET, "/api/v1/regions/**", "/api/v1/providers/**").authenticated();
        any(exchanges, "/api/v1/regions/**", Role.ADMIN);
        any(exchanges, "/api/v1/providers/**", Role.AGENCY);
        // Transfers: the areas list them; the person may confirm or refuse a request about themselves.
        read(exchanges, "/api/v1/transfers", Role.AGENCY);
        any(exchanges, "/api/v1/transfers/**", Role.AGENCY, Role.INSURED);
        // Wallet: a relationship's quota (before the relation prefix it lies under)
        read(exchanges, "/api/v1/relations/*/quota", Role.INSURED, Role.AGENCY);
        any(exchanges, "/api/v1/relations/*/quota", Role.INSURED);
        // Relation
        any(exchanges, "/api/v1/relations/**", Role.INSURED, Role.AGENCY);
        // Wallet
        read(exchanges, "/api/v1/accounts/**", Role.INSURED, Role.AGENCY);
        any(exchanges, "/api/v1/accounts/**", Role.AGENCY);
        any(exchanges, "/api/v1/wallets/**", Role.INSURED, Role.AGENCY);
        read(exchanges, "/api/v1/quotas/**", Role.INSURED, Role.AGENCY);
        any(exchanges, "/api/v1/quotas/**", Role.INSURED);
        any(exchanges, "/api/v1/payment-codes/**", Role.INSURED);
        read(exchanges, "/api/v1/payments/**", Role.PROVIDER, Role.INSURED, Role.AGENCY);
        any(exchanges, "/api/v1/payments/**", Role.PROVIDER);
        any(exchanges, "/api/v1/credits/**", Role.AGENCY);
        any(exchanges, "/api/v1/ledger/**", Role.AGENCY, Role.CLEARING, Role.ADMIN);
        // Settlement (ADMIN reads the national figures)
        any(exchanges, "/api/v1/settlement/**", Role.CLEARING, Role.AGENCY, Role.ADMIN);
        // Every service's audit log (read-only; the service narrows an agency to its area)
        any(exchanges, "/api/v1/audit/**", Role.ADMIN, Role.AGENCY);
        // Every service's parked messages
        any(exchanges, "/api/v1/parked-messages/**", Role.ADMIN);
    }

    private static void read(ServerHttpSecurity.AuthorizeExchangeSpec exchanges, String path, Role... roles) {
        exchanges.pathMatchers(HttpMethod.GET, path).hasAnyRole(names(roles));
    }

    private static void any(ServerHttpSecurity.AuthorizeExchangeSpec exchanges, String path, Role... roles) {
        exchanges.pathMatchers(path).hasAnyRole(names(roles));
    }

    private static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
