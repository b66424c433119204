package dev.understudy.junit5;

import dev.understudy.client.Target;
import dev.understudy.client.TargetResolver;
import dev.understudy.mock.AuthMode;
import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.WebSocketSettings;
import dev.understudy.mock.WelcomeForm;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The JUnit 5 extension behind {@link MockStagingTest}, and its programmatic form for a
 * {@code @RegisterExtension static} field.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MockStagingExtension mock = MockStagingExtension.builder()
 *         .scenario("streaming")
 *         .customize(server -> server.maxSocketsPerUser(2))
 *         .build();
 * }</pre>
 *
 * <p>The target comes from client-kit's {@link TargetResolver} (the {@code contract.target} switch), once per engine
 * run; a JUnit configuration parameter of the same name as one of its variables takes precedence over the
 * environment. Against the mock, a server is started per class (or per test, see {@link ServerLifecycle}) on a free
 * loopback port and closed by JUnit when its scope ends; with one server per class, faults, the health switch and the
 * journal are reset after every test. Parameters of type {@link MockStagingServer} (mock only) and {@link Target} are
 * resolved for tests, constructors and lifecycle methods.
 *
 * <p>Instances are immutable and keep no state of their own: the servers live in JUnit's extension stores, so classes
 * running in parallel each get their own server and ports.
 */
public final class MockStagingExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MockStagingExtension.class);
    private static final String SERVER = "server";
    private static final String OWNER = "owner";

    /** Null for the declarative form, whose settings come from the class's {@link MockStagingTest}. */
    private final Builder settings;

    /** The declarative form: settings from the test class's {@link MockStagingTest} (used by JUnit, not by you). */
    public MockStagingExtension() {
        this.settings = null;
    }

    private MockStagingExtension(Builder builder) {
        this.settings = builder.copy();
    }

    /** A builder with the defaults: the default scenario and welcome, rejecting bad tokens, one server per class. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- callbacks ----

    @Override
    public void beforeAll(ExtensionContext context) {
        claim(context);
        if (config(context).lifecycle == ServerLifecycle.PER_CLASS) {
            running(context, context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        claim(context);
        running(context, owner(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (config(context).lifecycle != ServerLifecycle.PER_CLASS) {
            return;
        }
        Running running = context.getStore(NS).get(SERVER, Running.class);
        if (running != null && running.server() != null) {
            running.server().resetFaults();
            running.server().healthy();
            running.server().journal().clear();
        }
    }

    // ---- parameters ----

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MockStagingServer.class || type == Target.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (config(context).lifecycle == ServerLifecycle.PER_METHOD && context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("With one server per test method (ServerLifecycle.PER_METHOD) "
                    + "there is no " + type.getSimpleName() + " before a test starts; take it in the test, its "
                    + "@BeforeEach or its @AfterEach, not in " + parameter.getDeclaringExecutable().getName());
        }
        Running running = running(context, owner(context));
        if (type == Target.class) {
            return running.target();
        }
        if (running.server() == null) {
            throw new ParameterResolutionException("A MockStagingServer parameter needs the embedded mock, and the "
                    + "target is staging (" + TargetResolver.TARGET_PROPERTY + "/" + TargetResolver.TARGET_ENV
                    + "); mark " + parameter.getDeclaringExecutable().getName() + " @MockOnly(\"why\") to skip it there");
        }
        return running.server();
    }

    // ---- the server ----

    /** What one scope runs against; JUnit closes it (an AutoCloseable store value) when the scope ends. */
    private record Running(Target target, MockStagingServer server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The context whose store holds the server: the test's (per method) or its class's (per class). */
    private ExtensionContext owner(ExtensionContext context) {
        if (config(context).lifecycle == ServerLifecycle.PER_METHOD) {
            return context;
        }
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** The server of {@code owner}'s scope (or of an enclosing one: a store looks in its parents), started if none. */
    private Running running(ExtensionContext context, ExtensionContext owner) {
        TargetResolver.Resolution resolution = TargetChoice.of(context);
        Builder config = config(context);
        return owner.getStore(NS).getOrComputeIfAbsent(SERVER, key -> start(resolution, config), Running.class);
    }

    private static Running start(TargetResolver.Resolution resolution, Builder config) {
        if (!resolution.isMock()) {
            return new Running(resolution.staging().orElseThrow(), null);
        }
        MockStagingServer.Builder builder = MockStagingServer.builder()
                .scenario(config.scenario)
                .welcomeForm(config.welcome)
                .authMode(config.auth);
        if (config.settings != null) {
            builder.settings(config.settings);
        }
        if (config.bypassKey != null) {
            builder.e2eBypassKey(config.bypassKey);
        }
        config.customizations.forEach(c -> c.accept(builder));
        MockStagingServer server = builder.start();
        return new Running(MockTarget.of(server), server);
    }

    /**
     * Records which extension instance serves this class, and refuses a second one (the annotation and a field, or an
     * enclosing class's): two would start two servers and compete for the parameters.
     */
    private void claim(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        Object owner = store.getOrComputeIfAbsent(OWNER, key -> this);
        if (owner != this) {
            throw new ExtensionConfigurationException("MockStagingExtension is registered twice for "
                    + context.getRequiredTestClass().getName() + " (the @MockStagingTest annotation and a "
                    + "@RegisterExtension field, or an enclosing class's): keep one of them");
        }
    }

    private Builder config(ExtensionContext context) {
        if (settings != null) {
            return settings;
        }
        Optional<MockStagingTest> annotation = context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(
                c, MockStagingTest.class, context.getEnclosingTestClasses()));
        return annotation.map(Builder::of).orElseGet(Builder::new);
    }

    @Override
    public String toString() {
        return "MockStagingExtension[" + (settings == null ? "from @MockStagingTest" : settings) + "]";
    }

    /** Configures a {@link MockStagingExtension}; every setting has a default, and the built extension is immutable. */
    public static final class Builder {
        private String scenario = "default";
        private WelcomeForm welcome = WelcomeForm.SYSTEM_MESSAGE;
        private AuthMode auth = AuthMode.REJECT;
        private WebSocketSettings settings;
        private String bypassKey;
        private ServerLifecycle lifecycle = ServerLifecycle.PER_CLASS;
        private final List<Consumer<MockStagingServer.Builder>> customizations = new ArrayList<>();

        private Builder() {
        }

        private static Builder of(MockStagingTest annotation) {
            Builder b = new Builder().scenario(annotation.scenario()).welcomeForm(annotation.welcome())
                    .authMode(annotation.auth()).lifecycle(annotation.lifecycle());
            if (!annotation.bypassKey().isEmpty()) {
                b.bypassKey(annotation.bypassKey());
            }
            return b;
        }

        /** The scenario runs play: a fixture name ({@code default}, {@code streaming}, ...) or a file path. */
        public Builder scenario(String nameOrFile) {
            this.scenario = Objects.requireNonNull(nameOrFile, "scenario");
            return this;
        }

        /** The welcome frame's form; {@link WelcomeForm#SYSTEM_MESSAGE} by default. */
        public Builder welcomeForm(WelcomeForm form) {
            this.welcome = Objects.requireNonNull(form, "form");
            return this;
        }

        /** How a bad token is refused; {@link AuthMode#REJECT} by default. */
        public Builder authMode(AuthMode mode) {
            this.auth = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The WebSocket settings the server reports and obeys; the defaults if unset. */
        public Builder settings(WebSocketSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Enables {@code POST /auth/e2e/test-auth} with this key (off by default). */
        public Builder bypassKey(String key) {
            this.bypassKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** One server per class (the default) or per test method. */
        public Builder lifecycle(ServerLifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /** Shorthand for {@code lifecycle(ServerLifecycle.PER_METHOD)}: a fresh server for every test. */
        public Builder perMethod() {
            return lifecycle(ServerLifecycle.PER_METHOD);
        }

        /**
         * Anything else on the server's own builder (issuer, audience, socket cap, TLS, initial faults, ...), applied
         * after this builder's settings each time a server starts; may be called more than once.
         */
        public Builder customize(Consumer<MockStagingServer.Builder> customization) {
            customizations.add(Objects.requireNonNull(customization, "customization"));
            return this;
        }

        /** The extension, for a {@code @RegisterExtension static} field. */
        public MockStagingExtension build() {
            return new MockStagingExtension(this);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.scenario = scenario;
            b.welcome = welcome;
            b.auth = auth;
            b.settings = settings;
            b.bypassKey = bypassKey;
            b.lifecycle = lifecycle;
            b.customizations.addAll(customizations);
            return b;
        }

        @Override
        public String toString() {
            return "scenario=" + scenario + ", welcome=" + welcome + ", auth=" + auth
                    + (settings == null ? "" : ", settings=" + settings) + (bypassKey == null ? "" : ", bypass key set")
                    + ", " + lifecycle + (customizations.isEmpty() ? "" : ", " + customizations.size() + " customizations");
        }
    }
}
