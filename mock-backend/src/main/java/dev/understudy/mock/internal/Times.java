package dev.understudy.mock.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The contract's "float" timestamps; apart from {@link Json} so that health doesn't load databind. */
public final class Times {

    private Times() {
    }

    /**
     * Epoch seconds with a microsecond fraction as the text of a JSON number ({@code 1795266957.184211}), the
     * contract's "float" timestamps: written out, never {@code 1.79E9}, which some readers mishandle.
     */
    public static String epochSecondsText() {
        return epochSecondsText(Instant.now());
    }

    /** {@link #epochSecondsText()} of a given instant. */
    public static String epochSecondsText(Instant now) {
        int micros = now.getNano() / 1_000;
        StringBuilder b = new StringBuilder(17).append(now.getEpochSecond()).append('.');
        for (int scale = 100_000; scale > 1 && micros < scale; scale /= 10) {
            b.append('0');
        }
        return b.append(micros).toString();
    }

    /** The date and time to the second, formatted once per second rather than once per welcome. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    /**
     * ISO-8601 in UTC to the microsecond, exactly as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes the
     * instant truncated to microseconds ({@code 2026-12-01T21:00:01.0025Z}: the fraction without trailing zeros, none
     * when it is zero, then {@code Z}); the part up to the second is formatted once per second.
     */
    public static String isoMicros(Instant now) {
        long second = now.getEpochSecond();
        Second s = lastSecond;
        if (s.epochSecond() != second) {
            s = new Second(second, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC)));
            lastSecond = s;
        }
        int micros = now.getNano() / 1_000;
        if (micros == 0) {
            return s.text() + "Z";
        }
        StringBuilder b = new StringBuilder(s.text().length() + 8).append(s.text()).append('.');
        int digits = 6;
        while (micros % 10 == 0) {
            micros /= 10;
            digits--;
        }
        String m = Integer.toString(micros);
        for (int i = m.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(m).append('Z').toString();
    }
}
