package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live page and its feed on the admin port, over real sockets (the browser test is scripts/ui-check). */
@Timeout(30)
class LivePageTest {

    MockStagingServer server;
    URI admin;

    @BeforeEach
    void start() {
        server = MockStagingServer.builder().start();
        admin = server.adminUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePageIsServedByTheAdminPortAsOneDocumentThatLoadsNothingElse() throws Exception {
        HttpResponse<String> page = Http.CLIENT.send(HttpRequest.newBuilder(admin.resolve("/ui")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'", "connect-src 'self'");
        String html = page.body();
        assertThat(html).contains("<style>", "<script>", "EventSource('/events'");
        // the stylesheet and script are inlined: no reference to any other file, and nothing off this machine
        assertThat(html).doesNotContain("<!-- app.css -->", "<!-- app.js -->", " src=", "stylesheet", "@import", "url(");
        assertThat(html).contains("<link rel=\"icon\" href=\"data:,\">"); // else the browser asks for /favicon.ico
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
    }

    @Test
    void thePageIsNotOnThePublicPort() throws Exception {
        assertThat(Http.get(server.httpUri(), "/ui").status()).isEqualTo(404);
        assertThat(Http.get(server.httpUri(), "/events").status()).isEqualTo(404);
    }

    @Test
    void boundBeyondLoopbackThePageAndItsFeedTakeTheTokenInTheQueryButNothingElseDoes() throws Exception {
        try (MockStagingServer exposed = MockStagingServer.builder().adminHost("0.0.0.0").adminToken("s3cret").start()) {
            URI base = URI.create("http://127.0.0.1:" + exposed.adminUri().getPort());
            assertThat(Http.get(base, "/ui").status()).isEqualTo(401);
            assertThat(Http.get(base, "/ui?token=wrong").status()).isEqualTo(401);
            assertThat(Http.get(base, "/ui?token=s3cret").status()).isEqualTo(200);
            assertThat(Http.get(base, "/journal?token=s3cret").status()).isEqualTo(401);
            assertThat(Http.get(base, "/faults?token=s3cret").status()).isEqualTo(401);
        }
    }

    @Test
    void rootListsTheRoutesBesideTheUrls() throws Exception {
        JsonNode root = Http.get(admin, "/").json();
        assertThat(root.get("http").asText()).isEqualTo(server.httpUri().toString());
        assertThat(root.get("healthy").asBoolean()).isTrue();
        List<String> routes = new ArrayList<>();
        root.get("routes").forEach(r -> routes.add(r.get("method").asText() + " " + r.get("path").asText()));
        assertThat(routes).contains("GET /ui", "GET /events", "GET /journal", "POST /reset", "POST /tokens", "DELETE /faults/{id}");
        root.get("routes").forEach(r -> assertThat(r.get("description").asText()).isNotBlank());
    }

    @Test
    void presetsCarryTheirOneLineDescriptions() throws Exception {
        JsonNode presets = Http.get(admin, "/presets").json();
        assertThat(presets.get("presets")).isNotEmpty();
        JsonNode lost = null;
        for (JsonNode d : presets.get("details")) {
            if (d.get("name").asText().equals("lost-critical-event")) {
                lost = d;
            }
        }
        assertThat(lost).isNotNull();
        assertThat(lost.get("description").asText()).contains("tool_completed");
    }

    @Test
    void theFeedStreamsEachChangeAndReleasesASubscriberThatGoesAway() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (Socket socket = new Socket("127.0.0.1", admin.getPort())) {
            socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the test closed the socket
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertThat(nextLine(lines, l -> l.startsWith("HTTP/1.1 "))).isEqualTo("HTTP/1.1 200 OK");
            assertThat(nextLine(lines, l -> l.toLowerCase().startsWith("content-type:"))).contains("text/event-stream");
            assertThat(nextEvent(lines, "hello")).contains("cursor");
            assertThat(Http.get(admin, "/").json().get("live_subscribers").asInt()).isEqualTo(1);

            Http.get(server.httpUri(), "/ws/config");
            String http = nextEvent(lines, "http");
            assertThat(http).contains("\"path\":\"/ws/config\"");

            try (WsProbe probe = WsProbe.connect(server.webSocketUri(), server.mintToken("streamed"))) {
                probe.next();
            }
            String ws = nextEvent(lines, "ws");
            assertThat(ws).contains("\"user\":\"streamed\"").doesNotContain("\"frames\":");
        }
        // the browser went away: the next writes to it fail and it is released (requests make the feed write)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.get(server.httpUri(), "/health");
            return Http.get(admin, "/").json().get("live_subscribers").asInt() == 0;
        });
    }

    @Test
    void aFloodOfChangesIsOneBurstEventNotThousands() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = Http.CLIENT.send(HttpRequest.newBuilder(admin.resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(lines::add);
            } catch (RuntimeException closed) {
                // closed by the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            nextEvent(lines, "hello");
            // more than a batch's worth of entries inside one batch window: the journal's own write side, no sockets
            var recorder = (dev.understudy.mock.internal.journal.Recorder) server.journal();
            for (int i = 0; i < 500; i++) {
                recorder.request("GET", "/flood", "", null).answered(200);
            }
            String burst = nextEvent(lines, "burst");
            assertThat(burst).contains("\"cursor\":");
            JsonNode caughtUp = Http.get(admin, "/journal?kind=http&summary=true&since=0").json();
            assertThat(caughtUp.get("requests").size()).isGreaterThanOrEqualTo(500);
        } finally {
            stream.body().close();
        }
    }

    private static String nextLine(BlockingQueue<String> lines, java.util.function.Predicate<String> wanted) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("a line within 5 s").isNotNull();
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no such line in 100");
    }

    @Test
    void anEndedServerEndsItsFeed() throws Exception {
        HttpResponse<Stream<String>> stream = Http.CLIENT.send(HttpRequest.newBuilder(admin.resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(lines::add);
                lines.add("<end>");
            } catch (RuntimeException closed) {
                lines.add("<end>");
            }
        });
        reader.setDaemon(true);
        reader.start();
        nextEvent(lines, "hello");
        server.close();
        for (int i = 0; i < 100; i++) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("the stream ended").isNotNull();
            if (line.equals("<end>")) {
                return;
            }
        }
        throw new AssertionError("the stream did not end");
    }

    /** The data of the next event of this name, skipping others; bounded in lines and time. */
    private static String nextEvent(BlockingQueue<String> lines, String name) throws InterruptedException {
        boolean wanted = false;
        for (int i = 0; i < 1000; i++) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("an event '" + name + "' within 5 s").isNotNull();
            if (line.startsWith("event:")) {
                wanted = line.substring(6).strip().equals(name);
            } else if (wanted && line.startsWith("data:")) {
                return line.substring(5).strip();
            }
        }
        throw new AssertionError("no event '" + name + "' in 1000 lines");
    }
}
