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
}
