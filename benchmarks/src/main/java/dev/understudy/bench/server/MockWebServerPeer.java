package dev.understudy.bench.server;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.net.InetAddress;
import java.util.Map;

/**
 * OkHttp's mockwebserver3 with its defaults (which leave Nagle's algorithm on and record every request): a
 * dispatcher that answers {@code /health} with the fixed string and {@code /ws} with a WebSocket upgrade whose
 * listener sends the fixed welcome and answers every message.
 */
public final class MockWebServerPeer implements PeerServer {

    private MockWebServer server;

    @Override
    public int start(int port, Map<String, String> options) throws Exception {
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, okhttp3.Response response) {
                webSocket.send(PeerFrames.WELCOME);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                PeerFrames.Stream stream = PeerFrames.stream(text);
                if (stream == null) {
                    webSocket.send(PeerFrames.REPLY);
                    return;
                }
                // send() refuses (and the socket closes) past 16 MiB queued: the driver keeps a stream below that
                String partial = stream.partial();
                for (int i = 1; i < stream.count(); i++) {
                    webSocket.send(partial);
                }
                webSocket.send(stream.completed());
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                // OkHttp leaves the answer to a close frame to the listener, as every OkHttp server must
                webSocket.close(code, null);
            }
        };
        MockResponse health = new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(PeerFrames.HEALTH)
                .build();
        MockResponse upgrade = new MockResponse.Builder()
                .addHeader("Sec-WebSocket-Protocol", "jwt-auth")
                .webSocketUpgrade(listener)
                .build();
        MockResponse notFound = new MockResponse.Builder().code(404).build();
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String target = request.getTarget();
                if ("/health".equals(target)) {
                    return health;
                }
                return "/ws".equals(target) ? upgrade : notFound;
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), port);
        return server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
