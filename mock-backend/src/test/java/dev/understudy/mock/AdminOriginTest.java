package dev.understudy.mock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API refuses what a browser on another origin sends, and keeps answering curl, the JDK and itself. */
@Timeout(30)
class AdminOriginTest {

    static MockStagingServer server;
    static URI admin;

    @BeforeAll
    static void start() {
        server = MockStagingServer.builder().start();
        admin = server.adminUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String FAULT = "{\"fault\":\"delay\",\"delay_ms\":1,\"path\":\"/nowhere\"}";

    static HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(admin.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void aRequestFromAPageOfAnotherOriginIsRefused403WithADetail() throws Exception {
        Http.Reply r = Http.send(post("/faults", FAULT).header("Origin", "http://evil.example")
                .header("Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asText()).contains("another origin");
        // another port of the same host is another origin too (and only same-site for the browser)
        Http.Reply otherPort = Http.send(post("/reset", "").header("Origin", "http://127.0.0.1:1"));
        assertThat(otherPort.status()).isEqualTo(403);
        Http.Reply read = Http.send(HttpRequest.newBuilder(admin.resolve("/journal")).header("Origin", "https://evil.example"));
        assertThat(read.status()).isEqualTo(403);
        assertThat(server.faults().stream().filter(rule -> rule.active()).count()).isZero();
    }

    @Test
    void secFetchSiteCrossSiteOrSameSiteIsRefused() throws Exception {
        for (String site : new String[]{"cross-site", "same-site"}) {
            Http.Reply r = Http.send(post("/reset", "").header("Sec-Fetch-Site", site));
            assertThat(r.status()).as(site).isEqualTo(403);
            assertThat(r.json().get("detail").asText()).contains(site);
        }
        assertThat(Http.send(HttpRequest.newBuilder(admin.resolve("/faults")).header("Sec-Fetch-Site", "none")).status())
                .isEqualTo(200);
    }

    @Test
    void aFormContentTypeIsRefused415() throws Exception {
        for (String type : new String[]{"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"}) {
            Http.Reply r = Http.send(post("/faults", FAULT).header("Content-Type", type));
            assertThat(r.status()).as(type).isEqualTo(415);
            assertThat(r.json().get("detail").asText()).contains("application/json");
        }
        assertThat(server.faults().stream().filter(rule -> rule.active()).count()).isZero();
    }

    @Test
    void aPreflightFromElsewhereGetsNoCorsHeaders() throws Exception {
        var request = HttpRequest.newBuilder(admin.resolve("/faults"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST").build();
        var response = Http.CLIENT.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aHostThatIsNotLoopbackIsRefusedAgainstDnsRebinding() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", admin.getPort()), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /journal HTTP/1.1\r\nHost: rebound.evil.example:" + admin.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").contains("loopback");
        }
    }

    @Test
    void curlTheJdkAndTheAdminPortsOwnPagesKeepWorking() throws Exception {
        // the JDK client sends no Origin and no Content-Type
        Http.Reply jdk = Http.send(post("/faults", FAULT));
        assertThat(jdk.status()).isEqualTo(201);
        // curl -H 'Content-Type: application/json' -d ...
        Http.Reply curl = Http.send(post("/faults", FAULT).header("Content-Type", "application/json; charset=utf-8"));
        assertThat(curl.status()).isEqualTo(201);
        // a page served by the admin port itself: its own origin, same-origin fetch metadata
        for (String origin : new String[]{"http://127.0.0.1:" + admin.getPort(), "http://localhost:" + admin.getPort()}) {
            Http.Reply page = Http.send(post("/reset", "").header("Origin", origin).header("Sec-Fetch-Site", "same-origin"));
            assertThat(page.status()).as(origin).isEqualTo(200);
        }
        assertThat(server.faults().stream().filter(rule -> rule.active()).count()).isZero();
    }
}
