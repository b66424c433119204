package dev.understudy.junit5;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/** Disables {@link MockOnly} tests and classes when the target is staging, with the annotation's reason. */
final class MockOnlyCondition implements ExecutionCondition {

    MockOnlyCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<MockOnly> mockOnly = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, MockOnly.class));
        if (mockOnly.isEmpty()) {
            return ConditionEvaluationResult.enabled("not @MockOnly");
        }
        if (TargetChoice.of(context).isMock()) {
            return ConditionEvaluationResult.enabled("the target is the embedded mock");
        }
        return ConditionEvaluationResult.disabled("needs the embedded mock, and the target is staging: "
                + mockOnly.get().value());
    }
}
