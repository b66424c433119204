package dev.understudy.contract.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route docs/admin-api.md lists answers on a running admin API (not with its "no such route" 404 or a 405). */
@Timeout(30)
class AdminApiDocTest {

    /** Routes documented ahead of the branch that adds them; checked once they answer. Empty it after the merge. */
    static final Set<String> ADDED_ON_OTHER_BRANCHES = Set.of();

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDocumentedRouteIsARouteOfTheAdminApi() throws Exception {
        List<List<String>> rows = Markdown.read(Markdown.ROOT.resolve("docs/admin-api.md")).table("method");
        assertThat(rows).hasSizeGreaterThan(10);
        List<String> missing = new ArrayList<>();
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            for (List<String> row : rows) {
                String route = Markdown.code(row.get(0)) + " " + Markdown.code(row.get(1));
                String[] parts = route.split(" ");
                if (!routeExists(server, parts[0], parts[1]) && !ADDED_ON_OTHER_BRANCHES.contains(route)) {
                    missing.add(route);
                }
            }
        }
        assertThat(missing).as("documented routes the admin API does not have").isEmpty();
    }

    @Test
    void aRouteTheApiDoesNotHaveIsToldApart() throws Exception {
        try (MockStagingServer server = MockStagingServer.builder().start()) {
            assertThat(routeExists(server, "GET", "/no-such-route")).isFalse();
            assertThat(routeExists(server, "PATCH", "/faults")).isFalse();
            assertThat(routeExists(server, "GET", "/faults/{id}")).as("an unknown id is a 404 of the route").isTrue();
        }
    }

    /**
     * Whether the admin API has this route: any answer but its fallback 404 {@code {"detail":"Not Found"}} and 405.
     * Path parameters are sent as {@code x}; POST and PUT send {@code {}}, which a real route answers (400 at worst).
     */
    static boolean routeExists(MockStagingServer server, String method, String path) throws Exception {
        String concrete = path.replaceAll("\\{[^}]+}", "x");
        HttpRequest.BodyPublisher body = method.equals("POST") || method.equals("PUT")
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
        // the body is read only for a 404: a stream (GET /events) answers 200 and never ends
        HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.adminUri() + concrete))
                .method(method, body).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            if (r.statusCode() == 405) {
                return false;
            }
            if (r.statusCode() == 404) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return text.isEmpty() || !"Not Found".equals(JSON.readTree(text).path("detail").asText());
            }
            return true;
        }
    }
}
