package dev.understudy.junit5;

import dev.understudy.mock.AuthMode;
import dev.understudy.mock.WelcomeForm;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against the target switch: a fresh embedded mock staging server for the class (the default) or a
 * real staging when {@code contract.target=staging}.
 *
 * <p>Tests and lifecycle methods take the {@link dev.understudy.mock.MockStagingServer} (mock only) and the client
 * kit's {@link dev.understudy.client.Target} as parameters; faults, the health switch and the journal are reset after
 * every test. For what these attributes do not cover, register a {@link MockStagingExtension} field instead (not
 * both). The attributes configure the mock; against staging they are ignored.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MockStagingExtension.class)
public @interface MockStagingTest {

    /** The scenario runs play: a fixture name ({@code default}, {@code streaming}, {@code agent-error}, ...) or a file. */
    String scenario() default "default";

    /** The welcome frame's form. */
    WelcomeForm welcome() default WelcomeForm.SYSTEM_MESSAGE;

    /** How a bad token is refused. */
    AuthMode auth() default AuthMode.REJECT;

    /** The bypass key {@code POST /auth/e2e/test-auth} accepts; empty (the default) leaves that endpoint off. */
    String bypassKey() default "";

    /** One server per class (the default) or per test method. */
    ServerLifecycle lifecycle() default ServerLifecycle.PER_CLASS;
}
