package dev.understudy.mock.internal;

import java.time.Instant;

/** The contract's "float" timestamps; apart from {@link Json} so that health doesn't load databind. */
public final class Times {

    private Times() {
    }

    /**
     * Epoch seconds with a microsecond fraction as the text of a JSON number ({@code 1795266957.184211}), the
     * contract's "float" timestamps: written out, never {@code 1.79E9}, which some readers mishandle.
     */
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
