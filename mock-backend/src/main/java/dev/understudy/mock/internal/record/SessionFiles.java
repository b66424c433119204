package dev.understudy.mock.internal.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.internal.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recording folder: one JSON file per session (docs/recording.md), numbered in the order the sessions began,
 * each written once, atomically (a temp file, then a rename), when its session ends.
 */
final class SessionFiles {

    static final String FORMAT = "understudy-recording";
    static final int VERSION = 1;
    private static final Logger LOG = Logger.getLogger(SessionFiles.class.getName());

    private final Path dir;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    SessionFiles(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("record-out: could not create the folder '" + dir + "': " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("record-out: expected a writable folder, got '" + dir + "'");
        }
        this.dir = dir;
    }

    /** One session being recorded: its JSON grows as things happen; times are milliseconds since it began. */
    final class Session {
        private final int seq;
        private final String fileName;
        private final long startNanos = System.nanoTime();
        private final ObjectNode root = Json.object();
        private ArrayNode frames;
        private boolean written;

        private Session(String kind, String label) {
            this.seq = sequence.incrementAndGet();
            this.fileName = String.format(Locale.ROOT, "%04d-%s-%s.json", seq, kind, label);
            root.put("format", FORMAT);
            root.put("version", VERSION);
            root.put("kind", kind);
            root.put("sequence", seq);
            root.put("started_at", Instant.now().toString());
            open.add(this);
        }

        double atMs() {
            return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
        }

        synchronized ObjectNode object(String name) {
            return root.putObject(name);
        }

        synchronized void put(String name, String value) {
            root.put(name, value);
        }

        /** Appends a frame entry: {@code from} client or upstream, its kind, and the time it passed through. */
        synchronized ObjectNode frame(String from, String kind) {
            if (frames == null) {
                frames = root.putArray("frames");
            }
            ObjectNode f = frames.addObject();
            f.put("at_ms", atMs());
            f.put("from", from);
            f.put("kind", kind);
            return f;
        }

        /** Records how the session ended (the first ending wins) and writes the file. */
        void end(String how, Integer code, String reason) {
            synchronized (this) {
                if (!root.has("end")) {
                    ObjectNode e = root.putObject("end");
                    e.put("at_ms", atMs());
                    e.put("how", how);
                    if (code != null) {
                        e.put("code", code);
                    }
                    if (reason != null) {
                        e.put("reason", Redaction.text(reason));
                    }
                }
            }
            write();
        }

        boolean ended() {
            synchronized (this) {
                return root.has("end");
            }
        }

        void write() {
            String json;
            synchronized (this) {
                if (written) {
                    return;
                }
                written = true;
                json = Json.write(root);
            }
            open.remove(this);
            Path target = dir.resolve(fileName);
            try {
                Path tmp = Files.createTempFile(dir, ".session-", ".tmp");
                Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "understudy: could not write the recording " + target + ": " + e.getMessage());
            }
        }
    }

    Session http(String method, String path) {
        return new Session("http", label(method + "-" + path));
    }

    Session webSocket(String path) {
        return new Session("ws", label(path));
    }

    /** Writes what the sessions still open have so far, each ended as "open at stop". */
    void flushOpen() {
        for (Session s : List.copyOf(open)) {
            s.end("server_stopped", null, null);
        }
    }

    private static String label(String s) {
        String l = s.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-+|-+$)", "").toLowerCase(Locale.ROOT);
        if (l.isEmpty()) {
            l = "root";
        }
        return l.length() > 60 ? l.substring(0, 60) : l;
    }

    /** A body as kept: {@code body} (redacted text) when it is UTF-8, else {@code body_base64}. */
    static void body(ObjectNode into, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            into.put("body", "");
            return;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            into.put("body", Redaction.payload(text));
        } catch (CharacterCodingException binary) {
            into.put("body_base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    static void headers(ObjectNode into, Map<String, List<String>> headers) {
        ObjectNode h = into.putObject("headers");
        Redaction.headers(headers).forEach((k, v) -> {
            ArrayNode a = h.putArray(k);
            v.forEach(a::add);
        });
    }
}
