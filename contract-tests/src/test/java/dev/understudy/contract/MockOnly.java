package dev.understudy.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * A test (or class) that needs control of the server (faults, scenarios, settings): it runs against the embedded
 * mock and is reported as skipped, with {@link #value()} as the reason, against staging.
 */
@Retention(RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({ElementType.TYPE, ElementType.METHOD})
public @interface MockOnly {
    /** Why the test needs the mock. */
    String value();
}
