package cn.mutualaid.platform.security;

import cn.mutualaid.kernel.Jurisdiction;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/** The authenticated caller as the services see it: subject, roles and (for agencies) the administered area. */
public record Caller(String subject, Set<Role> roles, String area) {

    public static final String ROLES_CLAIM = "roles";
    public static final String AREA_CLAIM = "area";

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Caller of(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object claim = jwt.getClaims().get(ROLES_CLAIM);
        Collection<?> values = claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
        for (Object value : values) {
            try {
                roles.add(Role.valueOf(String.valueOf(value)));
            } catch (IllegalArgumentException ignored) {
                // A role this mesh does not know grants nothing.
            }
        }
        return new Caller(jwt.getSubject(), roles, jwt.getClaimAsString(AREA_CLAIM));
    }

    /** The caller of the current request, from the reactive security context. */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(ctx -> ctx.getAuthentication())
                .map(auth -> auth.getPrincipal())
                .ofType(Jwt.class)
                .map(Caller::of);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** An INSURED caller acting on their own data. */
    public boolean isPerson(String personId) {
        return has(Role.INSURED) && subject != null && subject.equals(personId);
    }

    /**
     * An AGENCY caller whose jurisdiction covers the pooling area (the rule itself is the kernel's
     * {@link cn.mutualaid.kernel.Jurisdiction}; this only says who the caller is).
     */
    public boolean administers(String poolingArea) {
        return has(Role.AGENCY) && Jurisdiction.of(area).map(j -> j.covers(poolingArea)).orElse(false);
    }
}
