package dev.understudy.client.internal.http;

import dev.understudy.client.internal.OutcomeMapper;
import dev.understudy.client.HttpReply;
import dev.understudy.client.OutcomeException;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request over the JDK client and turns every transport failure into an {@link OutcomeException}.
 *
 * <p>The request's own timeout does the work: the JDK then says {@code HttpConnectTimeoutException} when the TCP
 * connection was not up yet and {@code HttpTimeoutException} when the request went out and no answer came, which is
 * how {@code ConnectTimeout} and {@code HandshakeTimeout} are told apart. A slightly longer wait on the future is only
 * a backstop (a body that never ends).
 */
public final class HttpExchange {

    /** How much longer than the caller's timeout the backstop waits; the JDK's timer normally fires first. */
    private static final Duration BACKSTOP = Duration.ofMillis(100);

    private final HttpClient client;

    public HttpExchange(Optional<SSLContext> sslContext) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1 only: an h2c upgrade attempt would make the mock's and staging's answers differ
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        sslContext.ifPresent(builder::sslContext);
        this.client = builder.build();
    }

    /**
     * Sends {@code request} with {@code timeout} as its deadline.
     *
     * @param what what the caller expects, for the failure message ("GET /health within 200 ms")
     */
    public HttpReply send(HttpRequest.Builder request, Duration timeout, String what) {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = future.get(timeout.plus(BACKSTOP).toNanos(), TimeUnit.NANOSECONDS);
            return new HttpReply(response.statusCode(), response.headers().map(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OutcomeException(what, OutcomeMapper.httpBackstopTimeout(since(start)));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw new OutcomeException(what, OutcomeMapper.httpFailure(cause, since(start)), cause);
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("Unexpected failure of " + what, cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
