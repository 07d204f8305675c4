package cn.mutualaid.gateway.devtokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local profile's token minting: the RSA private key (PKCS#8 PEM; a path or a resource location such as
 * {@code file:} or {@code classpath:}) whose public half every service checks tokens with, and the token lifetimes
 * (never above mesh.security.jwt.max-lifetime).
 */
@ConfigurationProperties("mesh.dev-tokens")
public record DevTokenProperties(String privateKeyLocation, @DefaultValue("1h") Duration defaultTtl,
        @DefaultValue("1h") Duration maxTtl) {
}
