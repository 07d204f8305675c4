package cn.mutualaid.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

class UpstreamFailureFilterTest {

    /** A service killed with the request in flight resets the connection: 502, as a hang-up, not a 500. */
    @Test
    void aResetOrAHangUpAfterTheConnectionWasMadeIsABadGateway() {
        assertThat(UpstreamFailureFilter.hungUp(PrematureCloseException.TEST_EXCEPTION)).isTrue();
        assertThat(UpstreamFailureFilter.hungUp(new IOException("recvAddress(..) failed: Connection reset by peer")))
                .isTrue();
        assertThat(UpstreamFailureFilter.hungUp(new IllegalStateException(new SocketException("Connection reset"))))
                .isTrue();
        assertThat(UpstreamFailureFilter.hungUp(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aConnectionNeverMadeIsUnavailableAndATimeoutIsAGatewayTimeout() {
        assertThat(UpstreamFailureFilter.unreachable(new IllegalStateException(new ConnectException("refused"))))
                .isTrue();
        assertThat(UpstreamFailureFilter.timedOut(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT))).isTrue();
        assertThat(UpstreamFailureFilter.unreachable(new IOException("reset"))).isFalse();
    }
}
