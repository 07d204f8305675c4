package cn.mutualaid.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where tokens are checked from. {@code publicKeyLocation}: an RSA public key in PEM (a file on the launcher,
 * a mounted Secret on Kubernetes); {@code jwkSetUri}: a JWK set of the identity provider. One must be set.
 */
@ConfigurationProperties("mesh.security.jwt")
public record MeshSecurityProperties(String publicKeyLocation, String jwkSetUri, String issuer) {
}
