package dev.understudy.client;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Retries a call to a backend with exponential backoff, inside a circuit breaker that stops calling a backend that
 * keeps failing: what a suite run against staging needs so that one blip doesn't fail it and an outage doesn't
 * make every test wait out its retries. Built on Resilience4j.
 *
 * <p>Only transient outcomes are retried: {@code ConnectionRefused}, {@code ConnectTimeout}, {@code HandshakeTimeout},
 * {@code ServiceUnavailable}, {@code ConnectionDropped}, {@code WelcomeTimeout}, and {@code HandshakeRejected} with a
 * 5xx or 429. An auth rejection, a protocol violation or another 4xx fails at once.
 *
 * <p>The breaker wraps the retries: one call, however many attempts it took, counts once. After
 * {@code failureThreshold} failed calls in a row it opens, and calls fail at once with {@link CircuitOpenException}
 * until {@code recovery} has passed; then one trial call decides.
 *
 * <pre>{@code
 * ResiliencePolicy policy = ResiliencePolicy.builder().build();   // 3 failures, 15 s, 5 attempts, 0.5 s .. 30 s
 * AgentSocket socket = policy.call("open a socket", () -> AgentSocket.connect(target, user, timeout));
 * }</pre>
 */
public final class ResiliencePolicy {

    private final Settings settings;
    private final Retry retry;
    private final CircuitBreaker breaker;

    /** The policy's numbers; see {@link Builder} for what each one does. */
    public record Settings(int failureThreshold, Duration recovery, int maxAttempts, Duration baseDelay,
                           Duration maxDelay, double multiplier) {
        public Settings {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold: expected at least 1, got " + failureThreshold);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts: expected at least 1, got " + maxAttempts);
            }
            requirePositive("recovery", recovery);
            requirePositive("baseDelay", baseDelay);
            requirePositive("maxDelay", maxDelay);
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("maxDelay: expected at least baseDelay (" + baseDelay + "), got " + maxDelay);
            }
            if (multiplier < 1) {
                throw new IllegalArgumentException("multiplier: expected at least 1, got " + multiplier);
            }
        }

        private static void requirePositive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + ": expected a positive duration, got " + d);
            }
        }
    }

    private ResiliencePolicy(Settings settings, BiConsumer<Integer, Outcome> onRetry) {
        this.settings = settings;
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(settings.baseDelay(), settings.multiplier(),
                settings.maxDelay());
        this.retry = Retry.of("understudy", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(backoff)
                .retryOnException(e -> e instanceof OutcomeException oe && retryable(oe.outcome()))
                .failAfterMaxAttempts(false)
                .build());
        this.retry.getEventPublisher().onRetry(event -> {
            if (event.getLastThrowable() instanceof OutcomeException oe) {
                onRetry.accept(event.getNumberOfRetryAttempts(), oe.outcome());
            }
        });
        this.breaker = CircuitBreaker.of("understudy", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(100)
                // an auth rejection or a protocol violation is the caller's bug, not an outage
                .recordException(e -> e instanceof OutcomeException oe && retryable(oe.outcome()))
                .waitDurationInOpenState(settings.recovery())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    /** A builder with the defaults: threshold 3, recovery 15 s, 5 attempts, delays from 0.5 s doubling up to 30 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether an outcome is worth another attempt (a transient failure of the backend or the network). */
    public static boolean retryable(Outcome outcome) {
        if (outcome instanceof Outcome.HandshakeRejected rejected) {
            return rejected.status() >= 500 || rejected.status() == 429;
        }
        return outcome instanceof Outcome.ConnectionRefused
                || outcome instanceof Outcome.ConnectTimeout
                || outcome instanceof Outcome.HandshakeTimeout
                || outcome instanceof Outcome.ServiceUnavailable
                || outcome instanceof Outcome.ConnectionDropped
                || outcome instanceof Outcome.WelcomeTimeout;
    }

    /**
     * Runs {@code call}, retrying transient failures.
     *
     * @param what names the call in error messages
     * @throws OutcomeException     the last attempt's failure, when retries are spent or the failure is not transient
     * @throws CircuitOpenException at once, while the breaker is open
     */
    public <T> T call(String what, Supplier<T> call) {
        Supplier<T> retried = Retry.decorateSupplier(retry, call);
        try {
            return breaker.executeSupplier(retried);
        } catch (CallNotPermittedException open) {
            throw new CircuitOpenException(what, settings.failureThreshold(), settings.recovery());
        }
    }

    /** Whether calls are currently refused without being tried. */
    public boolean circuitOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    /** The numbers this policy runs with. */
    public Settings settings() {
        return settings;
    }

    /** Thrown, without trying, while the breaker is open after repeated failures. */
    public static final class CircuitOpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CircuitOpenException(String what, int failures, Duration recovery) {
            super("Expected to try " + what + "; got no attempt: the circuit is open after " + failures
                    + " failed calls in a row and stays open for " + recovery + " before one trial call");
        }
    }

    /** Configures a {@link ResiliencePolicy}. */
    public static final class Builder {
        private int failureThreshold = 3;
        private Duration recovery = Duration.ofSeconds(15);
        private int maxAttempts = 5;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(30);
        private double multiplier = 2;
        private BiConsumer<Integer, Outcome> onRetry = (attempt, outcome) -> { };

        private Builder() {
        }

        /** Failed calls in a row that open the breaker; 3 by default. */
        public Builder failureThreshold(int calls) {
            this.failureThreshold = calls;
            return this;
        }

        /** How long the breaker stays open before one trial call; 15 s by default. */
        public Builder recovery(Duration recovery) {
            this.recovery = recovery;
            return this;
        }

        /** Attempts per call, the first included; 5 by default. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** Pause before the first retry; 0.5 s by default. */
        public Builder baseDelay(Duration delay) {
            this.baseDelay = delay;
            return this;
        }

        /** Longest pause between attempts; 30 s by default. */
        public Builder maxDelay(Duration delay) {
            this.maxDelay = delay;
            return this;
        }

        /** Growth of the pause from one retry to the next; 2 by default. */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /** Told of every retry: the retry's number (1 for the first) and the outcome that caused it. */
        public Builder onRetry(BiConsumer<Integer, Outcome> listener) {
            this.onRetry = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ResiliencePolicy build() {
            return new ResiliencePolicy(new Settings(failureThreshold, recovery, maxAttempts, baseDelay, maxDelay,
                    multiplier), onRetry);
        }
    }
}
