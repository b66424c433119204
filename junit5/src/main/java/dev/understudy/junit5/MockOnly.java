package dev.understudy.junit5;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (or a whole class) that needs control of the embedded mock (faults, scenarios, settings): it runs
 * against the mock and is reported as skipped, with {@link #value()} as the reason, when the target switch says
 * staging.
 *
 * <p>Works with {@link MockStagingTest}, with a {@link MockStagingExtension} field, or on its own.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MockOnlyCondition.class)
public @interface MockOnly {
    /** Why the test needs the mock; the skip reason against staging. */
    String value();
}
