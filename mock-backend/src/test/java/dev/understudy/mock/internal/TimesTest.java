package dev.understudy.mock.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The welcome's {@code server_time}: the per-second cache writes exactly what the JDK's ISO formatter writes. */
class TimesTest {

    private static String library(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    @Test
    void isoMicrosMatchesTheJdksFormatterForEdgeAndRandomInstants() {
        long base = Instant.parse("2026-12-01T21:00:00Z").getEpochSecond();
        int[] nanos = {0, 1_000, 999, 100_000_000, 120_000_000, 123_400_000, 123_456_000, 123_456_789, 999_999_000, 10_000, 1_000_000};
        for (int n : nanos) {
            Instant t = Instant.ofEpochSecond(base, n);
            assertThat(Times.isoMicros(t)).as("%s", t).isEqualTo(library(t));
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // mostly the same few seconds (the cache's case), sometimes a jump, sometimes back in time
            long second = i % 97 == 0 ? base + random.nextInt(400_000_000) : base + random.nextInt(3);
            Instant t = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            assertThat(Times.isoMicros(t)).as("%s", t).isEqualTo(library(t));
        }
    }
}
