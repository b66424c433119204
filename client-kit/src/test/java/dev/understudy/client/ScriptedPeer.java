package dev.understudy.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback TCP peer that answers each connection with a script written byte by byte: it can do what no
 * well-behaved server does (stay silent, hang up mid-request, send a broken 101), so the client's mapping of each
 * wire behaviour to an outcome is tested on a real socket, independently of the mock.
 */
final class ScriptedPeer implements AutoCloseable {

    /** What the peer does with one accepted connection; the request head has already been read. */
    interface Script {
        void run(Socket socket, String requestHead) throws IOException;
    }

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final Script script;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private ScriptedPeer(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-peer-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedPeer start(Script script) throws IOException {
        return new ScriptedPeer(script);
    }

    URI http() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
    }

    /** Request heads received so far, in order; blocks on {@code take()} for the next. */
    BlockingQueue<String> requests() {
        return requests;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread handler = new Thread(() -> handle(socket), "scripted-peer-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try {
            String head = readHead(socket.getInputStream());
            requests.add(head);
            script.run(socket, head);
        } catch (IOException e) {
            // the client went away, or the peer is closing: the script is over either way
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ script steps

    /** Waits until the client closes the connection (or the peer is closed), answering nothing. */
    static void hold(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // drain and ignore
        }
    }

    /** A complete HTTP answer with a JSON body, then the connection closes. */
    static void answer(Socket socket, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " Status\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        socket.close();
    }

    /** A correct 101 for the request, choosing {@code subprotocol} (null for none). */
    static void upgrade(Socket socket, String requestHead, String subprotocol) throws IOException {
        String key = header(requestHead, "Sec-WebSocket-Key");
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        upgradeWithAccept(socket, accept, subprotocol);
    }

    /** A 101 with the given accept key (a wrong one makes a broken handshake). */
    static void upgradeWithAccept(Socket socket, String accept, String subprotocol) throws IOException {
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** One unmasked text frame. */
    static void sendText(Socket socket, String text) throws IOException {
        writeFrame(socket, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One close frame with a code and reason. */
    static void sendClose(Socket socket, int code, String reason) throws IOException {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        writeFrame(socket, 0x8, payload);
    }

    private static void writeFrame(Socket socket, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            throw new IllegalArgumentException("frame too long for this test peer");
        }
        frame.write(payload);
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** The value of a request header, by case-insensitive name, or null. */
    static String header(String requestHead, String name) {
        for (String line : requestHead.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The request line, e.g. {@code GET /ws?token=x HTTP/1.1}. */
    static String requestLine(String requestHead) {
        return requestHead.split("\r\n", 2)[0];
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed before the end of the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
