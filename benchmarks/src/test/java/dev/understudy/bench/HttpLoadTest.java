package dev.understudy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class HttpLoadTest {

    private static final String REPORT = """
            Running 5s test @ http://127.0.0.1:41234/health
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   712.34us    1.02ms  31.20ms   93.51%
                Req/Sec    22.41k     1.98k   26.12k    71.00%
              Latency Distribution
                 50%  483.00us
                 75%  698.00us
                 90%    1.21ms
                 99%    5.62ms
              223114 requests in 5.00s, 131.36MB read
            Requests/sec:  44598.21
            Transfer/sec:     26.26MB
            """;

    @Test
    void readsRateAndP99FromWrksLatencyReport() {
        HttpLoad.Result r = HttpLoad.parseWrk(REPORT);
        assertThat(r.requestsPerSecond()).isEqualTo(44598.21);
        assertThat(r.p99Millis()).isEqualTo(5.62);
        assertThat(r.errors()).isZero();
    }

    @Test
    void convertsMicrosecondsAndSecondsToMilliseconds() {
        assertThat(HttpLoad.parseWrk(REPORT.replace("99%    5.62ms", "99%  850.00us")).p99Millis()).isEqualTo(0.85);
        assertThat(HttpLoad.parseWrk(REPORT.replace("99%    5.62ms", "99%    1.50s")).p99Millis()).isEqualTo(1500);
    }

    @Test
    void countsNon2xxAnswersAndSocketErrorsAsErrors() {
        String withErrors = REPORT.replace("Requests/sec:", "  Socket errors: connect 0, read 3, write 0, timeout 2\n"
                + "  Non-2xx or 3xx responses: 7\nRequests/sec:");
        assertThat(HttpLoad.parseWrk(withErrors).errors()).isEqualTo(12);
    }

    @Test
    void saysWhatItCouldNotRead() {
        assertThatThrownBy(() -> HttpLoad.parseWrk("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Connection refused");
    }
}
