package cn.mutualaid.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.testing.TestJwt;
import org.junit.jupiter.api.Test;

class PublicKeyLocationTest {
    @Test
    void aKeyIsReadFromAFileLocationOrABarePath() {
        String path = TestJwt.publicKeyFile().toString();
        assertThat(MeshSecurityAutoConfiguration.readPublicKey("file:" + path))
                .isEqualTo(MeshSecurityAutoConfiguration.readPublicKey(path));
    }

    @Test
    void aMissingKeyIsAClearStartupError() {
        assertThatThrownBy(() -> MeshSecurityAutoConfiguration.readPublicKey("/no/such/key.pem"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/no/such/key.pem");
    }
}
