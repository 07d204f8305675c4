package cn.mutualaid.gateway.devtokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.gateway.support.LocalKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/** Reading the launcher's PEM key, signing, and refusing a private key the mesh would not accept. */
class DevTokenSignerTest {

    @Test
    void signsTokensThatTheMatchingPublicKeyAccepts() throws Exception {
        DevTokenSigner signer = new DevTokenSigner(DevTokenSigner.readPrivateKey(LocalKeys.privateKeyFile().toString()),
                "https://mesh.example/issuer", "mutual-aid-mesh");
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(publicKey()).build();
        signer.checkAcceptedBy(decoder);

        Jwt jwt = decoder.decode(signer.sign("p-1", List.of("INSURED"), null, Instant.now(), Duration.ofMinutes(5)))
                .block();
        assertThat(jwt.getSubject()).isEqualTo("p-1");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("INSURED");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("https://mesh.example/issuer");
        assertThat(jwt.getAudience()).containsExactly("mutual-aid-mesh");
        assertThat(jwt.getExpiresAt()).isEqualTo(jwt.getIssuedAt().plus(Duration.ofMinutes(5)));
        assertThat(jwt.hasClaim("area")).isFalse();
    }

    @Test
    void refusesAPrivateKeyThatDoesNotMatchThePublicKey() throws Exception {
        DevTokenSigner signer = new DevTokenSigner(DevTokenSigner.readPrivateKey("file:" + LocalKeys.privateKeyFile()),
                "https://mesh.example/issuer", "mutual-aid-mesh");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPublicKey other = (RSAPublicKey) generator.generateKeyPair().getPublic();
        assertThatThrownBy(() -> signer.checkAcceptedBy(NimbusReactiveJwtDecoder.withPublicKey(other).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void explainsAMissingOrUnreadableKey() throws Exception {
        assertThatThrownBy(() -> DevTokenSigner.readPrivateKey(""))
                .hasMessageContaining("MESH_JWT_PRIVATE_KEY");
        Path pkcs1 = Files.createTempFile("pkcs1", ".pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> DevTokenSigner.readPrivateKey(pkcs1.toString()))
                .hasMessageContaining("PKCS#8");
        Files.delete(pkcs1);
    }

    private static RSAPublicKey publicKey() throws Exception {
        String pem = Files.readString(LocalKeys.publicKeyFile());
        byte[] der = java.util.Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
        return (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
    }
}
