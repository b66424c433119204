package dev.understudy.bench.server;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raw Undertow core with its defaults: a fixed {@code /health} string, and a WebSocket that sends a fixed welcome and
 * answers every message with a fixed text. No JSON, no auth: the limit of our stack on this machine.
 */
public final class UndertowPeer implements PeerServer {

    private Undertow server;

    @Override
    public int start(int port, Map<String, String> options) {
        HttpHandler health = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(PeerFrames.HEALTH);
        };
        WebSocketConnectionCallback onConnect = (exchange, channel) -> {
            WebSockets.sendText(PeerFrames.WELCOME, channel, null);
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    PeerFrames.Stream stream = PeerFrames.stream(message.getData());
                    if (stream == null) {
                        WebSockets.sendText(PeerFrames.REPLY, ch, null);
                        return;
                    }
                    String partial = stream.partial();
                    for (int i = 1; i < stream.count(); i++) {
                        WebSockets.sendText(partial, ch, null);
                    }
                    WebSockets.sendText(stream.completed(), ch, null);
                }
            });
            channel.resumeReceives();
        };
        // answers the subprotocol understudy answers, so the client's handshake is the same
        HttpHandler webSocket = new WebSocketProtocolHandshakeHandler(
                List.of(new Hybi13Handshake(Set.of("jwt-auth"), false)), onConnect);
        server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(Handlers.path().addExactPath("/health", health).addExactPath("/ws", webSocket))
                .build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
