package dev.understudy.mock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.MockStagingServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The machine-readable ready signal of {@code --ready-file FILE}: one JSON object with the URLs, a test token, the
 * pid and the version, written atomically (a temp file beside it, then a rename) once the server answers, so a
 * harness in any language waits for the file instead of scraping the banner.
 */
final class ReadyFile {

    private final Path file;

    ReadyFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The JSON the file holds. */
    static String json(MockStagingServer server, String token) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("http", server.httpUri().toString());
        n.put("ws", server.webSocketUri("/ws").toString());
        n.put("admin", server.adminUri().toString());
        n.put("token", token);
        n.put("pid", ProcessHandle.current().pid());
        n.put("version", Version.get());
        return n.toString();
    }

    /** Removes a file left by an earlier run, so a harness never reads a stale one as this run's. */
    void clearStale() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Writes the file whole: readers see no file, or all of it. */
    void write(String json) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** On a clean stop: a file that says "ready" must not outlive the server. */
    void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort while the JVM stops
        }
    }

    Path path() {
        return file;
    }
}
