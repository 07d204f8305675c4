package cn.mutualaid.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Extra path rules an application adds to the one security chain (the gateway's per-role route prefixes).
 * Services mostly rely on method security ({@code @PreAuthorize}) and ownership checks instead.
 */
@FunctionalInterface
public interface MeshAuthorizationRules {
    void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges);
}
