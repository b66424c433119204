package dev.understudy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.fixtures.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A named bundle of server settings that makes the mock answer like one staging deployment (docs/profiles.md):
 * network profile, auth mode, welcome form, WebSocket settings, routes and scenario, each optional.
 *
 * <pre>{@code
 * MockStagingServer.builder().profile("remote-staging-2025-09").start();
 * }</pre>
 */
public final class StagingProfile {

    private static final Set<String> FIELDS = Set.of("name", "description", "network", "auth", "welcome", "settings",
            "routes", "scenario");

    private final String name;
    private final String description;
    private final NetworkProfile network;
    private final AuthMode authMode;
    private final WelcomeForm welcomeForm;
    private final WebSocketSettings settings;
    private final List<Routes> routes;
    private final Scenario scenario;

    private StagingProfile(String name, String description, NetworkProfile network, AuthMode authMode,
                           WelcomeForm welcomeForm, WebSocketSettings settings, List<Routes> routes, Scenario scenario) {
        this.name = name;
        this.description = description;
        this.network = network;
        this.authMode = authMode;
        this.welcomeForm = welcomeForm;
        this.settings = settings;
        this.routes = List.copyOf(routes);
        this.scenario = scenario;
    }

    /** The names of the profiles the fixtures ship ({@code default}, {@code remote-staging-2025-09}, ...). */
    public static List<String> names() {
        return Fixtures.names(Fixtures.PROFILES);
    }

    /** A fixture profile by name, or a profile file. */
    public static StagingProfile resolve(String nameOrFile) {
        if (Fixtures.exists(Fixtures.PROFILES, nameOrFile + ".json")) {
            return parse(Fixtures.profile(nameOrFile), "profile '" + nameOrFile + "'");
        }
        Path path = Path.of(nameOrFile);
        if (Files.isRegularFile(path)) {
            try {
                return parse(Files.readString(path, StandardCharsets.UTF_8), "profile file '" + nameOrFile + "'");
            } catch (IOException e) {
                throw new IllegalArgumentException("profile file '" + nameOrFile + "': expected a readable file (" + e.getMessage() + ")");
            }
        }
        throw new IllegalArgumentException("expected a profile name (one of " + String.join(", ", names())
                + ") or a readable file, got '" + nameOrFile + "'");
    }

    /**
     * Parses a profile: {@code {"name":..,"network":{"latency":"100ms..200ms"},"auth":"permissive",
     * "welcome":"system_message","settings":{...},"routes":["staging-rest"],"scenario":"default"}}.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public static StagingProfile parse(String json, String what) {
        JsonNode root = Bridge.parseObject(json, what);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(what + ": " + f + ": unknown field (expected one of "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String name = root.path("name").asText(what);
        String description = root.path("description").asText("");
        NetworkProfile network = root.hasNonNull("network") ? NetworkProfile.fromJson(root.get("network"), what + ": network") : null;
        AuthMode auth = root.hasNonNull("auth") ? field(what, "auth", () -> AuthMode.fromWireName(root.get("auth").asText())) : null;
        WelcomeForm welcome = root.hasNonNull("welcome")
                ? field(what, "welcome", () -> WelcomeForm.fromWireName(root.get("welcome").asText())) : null;
        WebSocketSettings settings = root.hasNonNull("settings")
                ? field(what, "settings", () -> WebSocketSettings.fromConfigJson(Bridge.write(root.get("settings")))) : null;
        List<Routes> routes = new ArrayList<>();
        JsonNode r = root.get("routes");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                throw new IllegalArgumentException(what + ": routes: expected an array of routes fixture names or files, got " + r);
            }
            for (JsonNode one : r) {
                if (!one.isTextual()) {
                    throw new IllegalArgumentException(what + ": routes: expected names or files (text), got " + one);
                }
                routes.add(field(what, "routes", () -> Routes.resolve(one.asText())));
            }
        }
        Scenario scenario = root.hasNonNull("scenario") ? field(what, "scenario", () -> Scenario.resolve(root.get("scenario").asText())) : null;
        return new StagingProfile(name, description, network, auth, welcome, settings, routes, scenario);
    }

    private static <T> T field(String what, String field, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + field + ": " + e.getMessage(), e);
        }
    }

    /** Its name. */
    public String name() {
        return name;
    }

    /** What deployment it emulates, in one sentence. */
    public String description() {
        return description;
    }

    /** Its network profile, or null for none. */
    public NetworkProfile network() {
        return network;
    }

    /** Its auth mode, or null to keep the server's. */
    public AuthMode authMode() {
        return authMode;
    }

    /** Its welcome form, or null to keep the server's. */
    public WelcomeForm welcomeForm() {
        return welcomeForm;
    }

    /** Its WebSocket settings, or null to keep the server's. */
    public WebSocketSettings settings() {
        return settings;
    }

    /** Its extra routes (possibly none). */
    public List<Routes> routes() {
        return routes;
    }

    /** Its scenario, or null to keep the server's. */
    public Scenario scenario() {
        return scenario;
    }

    @Override
    public String toString() {
        return "StagingProfile[" + name + "]";
    }
}
