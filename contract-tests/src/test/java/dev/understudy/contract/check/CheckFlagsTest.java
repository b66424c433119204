package dev.understudy.contract.check;

import dev.understudy.client.Outcome;
import dev.understudy.client.OutcomeException;
import dev.understudy.contract.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The check's command line: bad flags exit 2 with a message naming the flag, before anything runs. */
@Timeout(30)
class CheckFlagsTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Check.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--base-url http://127.0.0.1:1 --secret s --colour red | unknown flag '--colour'",
            "--base-url                                            | --base-url needs a value",
            "--base-url http://127.0.0.1:1 --timeout-ms soon        | --timeout-ms is 'soon'; expected a positive number of milliseconds",
            "--base-url http://127.0.0.1:1 --timeout-ms 0           | --timeout-ms is '0'",
            "--base-url http://127.0.0.1:1 --token a --token b      | --token is given twice",
            "--base-url http://127.0.0.1:1 --trust-store /no/such.p12 --token t | --trust-store '/no/such.p12' is not a file",
            "--secret abc                                          | --base-url is required",
            "--base-url ftp://example.com --token t                 | STAGING_BASE_URL is 'ftp://example.com'; expected an absolute http:// or https:// URL",
            "--base-url http://127.0.0.1:1                          | needs a token source",
    })
    void aBadFlagExits2NamingIt(String args, String message) {
        Result result = run(Map.of(), args.strip().split("\\s+"));
        assertThat(result.exit()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith("understudy-check: ").contains(message);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theEnvironmentVariablesOfTheTargetSwitchWorkToo() {
        Result result = run(Map.of("STAGING_BASE_URL", "http://127.0.0.1:1"), "--timeout-ms", "x");
        assertThat(result.exit()).isEqualTo(2);
        Result noToken = run(Map.of("STAGING_BASE_URL", "http://127.0.0.1:1"));
        assertThat(noToken.err()).contains("needs a token source").doesNotContain("--base-url is required");
    }

    @Test
    void helpPrintsTheUsageAndExits0() {
        Result result = run(Map.of(), "--help");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("--base-url URL").contains("--timeout-ms N").contains("Exit code: 0 when");
    }

    @Test
    void checkNamesReadAsWords() {
        assertThat(CheckReport.words("aSocketIsUpgradedAndWelcomed")).isEqualTo("a socket is upgraded and welcomed");
        assertThat(CheckReport.words("hs512TokenIsRejected")).isEqualTo("hs512 token is rejected");
        assertThat(CheckReport.words("pingGetsAPongCarryingTheUser")).isEqualTo("ping gets a pong carrying the user");
        assertThat(CheckReport.words("binaryFrameIsClosedWith1003")).isEqualTo("binary frame is closed with 1003");
    }

    @Test
    void theNamedOutcomeIsFoundAnywhereInTheCauseChain() {
        OutcomeException outage = new OutcomeException("the welcome",
                new Outcome.ServiceUnavailable(503, new Outcome.Trace(Duration.ofMillis(3), "HTTP 503")));
        RuntimeException wrapped = new RuntimeException("run failed", new IllegalStateException("inner", outage));
        assertThat(Failures.name(wrapped)).isEqualTo("ServiceUnavailable(503)");
        AssertionError suppressing = new AssertionError("assertion");
        suppressing.addSuppressed(new OutcomeException("x", new Outcome.HandshakeRejected(500, "", new Outcome.Trace(Duration.ZERO, ""))));
        assertThat(Failures.name(suppressing)).isEqualTo("HandshakeRejected(500)");
        assertThat(Failures.name(new IllegalStateException("no outcome"))).isEqualTo("IllegalStateException");
        assertThat(Failures.describe(wrapped)).isEqualTo(
                "ServiceUnavailable(503) after 3 ms: service unavailable (HTTP 503); expected the welcome; last seen: HTTP 503");
        assertThat(Failures.describe(new AssertionError("\nExpecting actual:\n  1\nto be 2"))).isEqualTo(
                "AssertionError: Expecting actual:");
        assertThat(Arrays.asList(Failures.outcome(new AssertionError()).isPresent())).containsExactly(false);
    }
}
