package dev.understudy.contract;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * With the {@value #FAIL_FAST} configuration parameter on (the runnable check sets it), remembers a failed
 * reachability check and reports every later check (the remaining reachability ones too) as not run, with the failure's named outcome as the reason.
 */
final class ReachabilityGate implements ExecutionCondition, TestWatcher {

    /** Configuration parameter: {@code true} to skip the suite after a failed reachability check. */
    static final String FAIL_FAST = "understudy.check.fail-fast";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReachabilityGate.class);
    private static final String FAILED = "reachability-failed";

    ReachabilityGate() {
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (context.getRequiredTestClass() == ReachabilityContractTest.class) {
            context.getRoot().getStore(NS).getOrComputeIfAbsent(FAILED,
                    key -> context.getRequiredTestMethod().getName() + ": " + Failures.name(cause), String.class);
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()
                || !context.getConfigurationParameter(FAIL_FAST).map(Boolean::parseBoolean).orElse(false)) {
            return ConditionEvaluationResult.enabled("no reachability gate here");
        }
        String failed = context.getRoot().getStore(NS).get(FAILED, String.class);
        return failed == null
                ? ConditionEvaluationResult.enabled("the target passed the reachability checks")
                : ConditionEvaluationResult.disabled("not run: the target failed a reachability check (" + failed + ")");
    }
}
