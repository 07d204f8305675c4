package cn.mutualaid.gateway.devtokens;

import cn.mutualaid.platform.security.MeshAuthorizationRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The local profile's token minting. In every other profile none of this exists: /dev/tokens is an unknown path
 * (401 without a token, 404 with one), and the gateway holds no private key.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
@EnableConfigurationProperties(DevTokenProperties.class)
class DevTokensConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DevTokensConfiguration.class);

    @Bean
    DevTokenSigner devTokenSigner(DevTokenProperties properties, OAuth2ResourceServerProperties resourceServer,
            ReactiveJwtDecoder decoder) {
        log.warn("local profile: POST /dev/tokens mints tokens for anyone; never run this profile outside development");
        // The issuer and the first audience the mesh expects: what the mesh checks is what is minted.
        DevTokenSigner signer = new DevTokenSigner(DevTokenSigner.readPrivateKey(properties.privateKeyLocation()),
                resourceServer.getJwt().getIssuerUri(), resourceServer.getJwt().getAudiences().get(0));
        signer.checkAcceptedBy(decoder);
        return signer;
    }

    /** Open: the caller has no token yet. */
    @Bean
    MeshAuthorizationRules devTokensOpen() {
        return exchanges -> exchanges.pathMatchers(HttpMethod.POST, "/dev/tokens").permitAll();
    }
}
