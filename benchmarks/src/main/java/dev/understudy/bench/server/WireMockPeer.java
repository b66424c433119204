package dev.understudy.bench.server;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import java.util.Map;

/** WireMock 3 (standalone jar) with one stub, {@code GET /health}; {@code journal=off} disables its request journal. */
public final class WireMockPeer implements PeerServer {

    private WireMockServer server;

    @Override
    public int start(int port, Map<String, String> options) {
        WireMockConfiguration config = WireMockConfiguration.options().bindAddress("127.0.0.1").port(port);
        if ("off".equals(options.getOrDefault("journal", "on"))) {
            config.disableRequestJournal();
        }
        server = new WireMockServer(config);
        server.start();
        server.stubFor(WireMock.get(WireMock.urlEqualTo("/health")).willReturn(WireMock.okJson(PeerFrames.HEALTH)));
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
