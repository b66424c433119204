package dev.understudy.client.internal;

import java.time.Duration;

/** Small text helpers for messages: clipping long payloads and printing durations the same way everywhere. */
public final class Texts {

    /** Longest excerpt of a frame or body that goes into a message. */
    public static final int CLIP = 300;

    private Texts() {
    }

    /** The text, cut to {@link #CLIP} characters with a marker saying how much was left out; "" for null. */
    public static String clip(String text) {
        if (text == null) {
            return "";
        }
        if (text.length() <= CLIP) {
            return text;
        }
        return text.substring(0, CLIP) + "...(" + (text.length() - CLIP) + " more chars)";
    }

    /** A duration as milliseconds, e.g. {@code 250 ms}. */
    public static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
