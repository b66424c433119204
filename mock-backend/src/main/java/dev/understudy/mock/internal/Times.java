package dev.understudy.mock.internal;

import java.math.BigDecimal;
import java.time.Instant;

/** The contract's "float" timestamps; apart from {@link Json} so that health doesn't load databind. */
public final class Times {

    private Times() {
    }

    /**
     * Epoch seconds with a microsecond fraction, as CONTRACT.md's "float" timestamps; a BigDecimal so that
     * Jackson writes {@code 1795266957.184211}, not {@code 1.795266957184211E9}, which some readers mishandle.
     */
    public static BigDecimal epochSeconds() {
        Instant now = Instant.now();
        return BigDecimal.valueOf(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, 6);
    }

    /** {@link #epochSeconds()} as the text of a JSON number, without a BigDecimal: one per event frame. */
    public static String epochSecondsText() {
        Instant now = Instant.now();
        int micros = now.getNano() / 1_000;
        StringBuilder b = new StringBuilder(17).append(now.getEpochSecond()).append('.');
        for (int scale = 100_000; scale > 1 && micros < scale; scale /= 10) {
            b.append('0');
        }
        return b.append(micros).toString();
    }
}
