package dev.understudy.junit5;

import dev.understudy.client.TargetResolver;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the run tests against, resolved once per engine run by client-kit's {@link TargetResolver}.
 *
 * <p>The resolver reads the environment and the system properties; a JUnit configuration parameter with the same name
 * (given to the Launcher, e.g. by the runnable check, or in {@code junit-platform.properties}) takes precedence, so a
 * launcher can point a run at a staging without touching the JVM's environment.
 */
final class TargetChoice {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TargetChoice.class);

    /** The environment variable names the resolver reads. */
    private static final List<String> ENVIRONMENT = List.of(TargetResolver.TARGET_ENV, TargetResolver.BASE_URL,
            TargetResolver.WS_URL, TargetResolver.AUTH_URL, TargetResolver.TEST_JWT, TargetResolver.BYPASS_KEY,
            TargetResolver.SECRET, TargetResolver.TRUST_STORE, TargetResolver.TRUST_STORE_PASSWORD);

    private TargetChoice() {
    }

    /** The resolution for this engine run (computed once, shared by every class; a resolution is immutable). */
    static TargetResolver.Resolution of(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(TargetResolver.Resolution.class,
                key -> resolve(context), TargetResolver.Resolution.class);
    }

    private static TargetResolver.Resolution resolve(ExtensionContext context) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String name : ENVIRONMENT) {
            context.getConfigurationParameter(name).ifPresent(value -> env.put(name, value));
        }
        Map<String, String> properties = TargetResolver.systemProperties();
        context.getConfigurationParameter(TargetResolver.TARGET_PROPERTY)
                .ifPresent(value -> properties.put(TargetResolver.TARGET_PROPERTY, value));
        return TargetResolver.resolve(env, properties);
    }
}
