package dev.understudy.contract;

import dev.understudy.client.Target;
import dev.understudy.client.TargetResolver;
import dev.understudy.mock.MockStagingServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/**
 * Resolves the target once per test class (docs/contract.md's target switch, through client-kit's one resolver); when it is the mock,
 * starts a fresh embedded {@link MockStagingServer} for the class and closes it after. Hands tests the
 * {@link Target} and, against the mock only, the server itself; skips {@link MockOnly} tests against staging.
 */
public final class TargetExtension implements BeforeAllCallback, ExecutionCondition, ParameterResolver {

    /** The bypass key the embedded mock accepts, so the test-auth endpoint is exercised on the mock too. */
    public static final String MOCK_BYPASS_KEY = "contract-suite-bypass-key";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TargetExtension.class);

    /** What one class runs against; closing it stops the mock this extension started. */
    private record Running(Target target, MockStagingServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    private static TargetResolver.Resolution resolution(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("resolution", k -> Target.fromEnvironment(),
                TargetResolver.Resolution.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    private static Running running(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        return classContext.getStore(NS).getOrComputeIfAbsent("running", k -> start(resolution(context)), Running.class);
    }

    private static Running start(TargetResolver.Resolution resolution) {
        if (!resolution.isMock()) {
            return new Running(resolution.staging().orElseThrow(), null);
        }
        MockStagingServer server = MockStagingServer.builder().e2eBypassKey(MOCK_BYPASS_KEY).start();
        return new Running(Target.mock(server.httpUri(), server.webSocketUri(), server.secret()), server);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<MockOnly> mockOnly = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, MockOnly.class));
        if (mockOnly.isEmpty()) {
            return ConditionEvaluationResult.enabled("runs against every target");
        }
        if (resolution(context).isMock()) {
            return ConditionEvaluationResult.enabled("the target is the embedded mock");
        }
        return ConditionEvaluationResult.disabled("needs the embedded mock's control, not staging: " + mockOnly.get().value());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Target.class || type == MockStagingServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = running(context);
        if (parameter.getParameter().getType() == Target.class) {
            return running.target();
        }
        if (running.server() == null) {
            throw new ParameterResolutionException("A MockStagingServer parameter needs the mock target; mark the test @MockOnly");
        }
        return running.server();
    }
}
