package dev.understudy.mock.internal.ws;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.ExtensionFunction;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * RFC 6455's channel with the one header check Undertow 2.3 lacks: a 64-bit payload length must have its most
 * significant bit clear (§5.2). Undertow reads such a length as a negative number and then either throws from deep
 * in its framing ({@code newLimit < 0}) or, when the low 32 bits look sane, reads on with a negative remainder; here
 * the header is refused as it is parsed, and {@link SessionListener} fails the connection with 1002.
 */
final class GuardedChannel extends WebSocket13Channel {

    /** A frame header no RFC 6455 peer may send. */
    static final class BadFrameHeader extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFrameHeader(String message) {
            super(message, null, false, false);
        }
    }

    GuardedChannel(StreamConnection channel, ByteBufferPool pool, String url, String subProtocol, boolean client,
                   boolean allowExtensions, ExtensionFunction extensionFunction, Set<WebSocketChannel> peers,
                   OptionMap options) {
        super(channel, pool, url, subProtocol, client, allowExtensions, extensionFunction, peers, options);
    }

    @Override
    protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
        FrameHeaderData header = super.parseFrame(data);
        if (header != null && header.getFrameLength() < 0) {
            throw new BadFrameHeader("payload length with its most significant bit set");
        }
        return header;
    }
}
