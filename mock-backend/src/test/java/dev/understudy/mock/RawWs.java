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
    record Transcript(List<String> texts, boolean closeFrame, boolean eof, int closeCode) {
        Transcript(List<String> texts, boolean closeFrame, boolean eof) {
            this(texts, closeFrame, eof, -1);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWs(int port, String token) throws IOException {
        this(port, token, "/ws", 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting (small, for a client that does not read), 0 for the default */
    RawWs(int port, String token, String path, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
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

    /**
     * Sends a frame header as given (FIN/RSV/opcode byte, the announced length in the 64-bit form when it does not
     * fit 16 bits, the mask) and then {@code payload} masked: the announced length need not be the payload's, which
     * is how a client lies about a frame's size.
     */
    void sendFrame(int finRsvOpcode, long announced, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(finRsvOpcode);
        if (announced >= 0 && announced < 126) {
            frame.write(0x80 | (int) announced);
        } else if (announced >= 0 && announced <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write((int) (announced >>> 8) & 0xff);
            frame.write((int) announced & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (announced >>> shift) & 0xff);
            }
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes bytes as they are, framed or not. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads what comes for a while (the welcome, say), then goes back to the 5 s timeout. */
    Transcript readFor(java.time.Duration d) throws IOException {
        socket.setSoTimeout((int) d.toMillis());
        try {
            return readToEnd();
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    /** Reads frames until the connection ends or nothing comes for the socket timeout (5 s). */
    Transcript readToEnd() throws IOException {
        List<String> texts = new ArrayList<>();
        boolean closeFrame = false;
        int closeCode = -1;
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
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (EOFException e) {
            return new Transcript(texts, closeFrame, true, closeCode);
        } catch (java.net.SocketException e) {
            // reset by the server after its close frame: the connection ended all the same
            return new Transcript(texts, closeFrame, true, closeCode);
        } catch (SocketTimeoutException e) {
            return new Transcript(texts, closeFrame, false, closeCode);
        }
        return new Transcript(texts, closeFrame, false, closeCode);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
