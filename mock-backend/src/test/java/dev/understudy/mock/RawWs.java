package dev.understudy.mock;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket spoken byte by byte over a plain socket: for what the JDK client can't show reliably, such as
 * "the TCP connection ended and no close frame came before it".
 */
final class RawWs implements AutoCloseable {

    /** What the socket carried until it ended: text frames, whether a close frame came, whether TCP ended. */
    record Transcript(List<String> texts, boolean closeFrame, boolean eof) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWs(int port, String token) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("expected a 101, got " + head);
        }
    }

    /** Sends one masked text frame (clients must mask). */
    void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
    }

    /** Reads frames until the connection ends or nothing comes for the socket timeout (5 s). */
    Transcript readToEnd() throws IOException {
        List<String> texts = new ArrayList<>();
        boolean closeFrame = false;
        try {
            for (int frames = 0; frames < 10_000; frames++) {
                int b0 = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = (int) in.readLong();
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 1) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    closeFrame = true;
                }
            }
        } catch (EOFException e) {
            return new Transcript(texts, closeFrame, true);
        } catch (SocketTimeoutException e) {
            return new Transcript(texts, closeFrame, false);
        }
        return new Transcript(texts, closeFrame, false);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
