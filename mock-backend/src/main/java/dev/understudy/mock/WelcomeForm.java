package dev.understudy.mock;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which of the two welcome frames of CONTRACT.md §3 the server sends first on every socket. */
public enum WelcomeForm {
    /** {@code {"type":"system_message","data":{"event":"connection_established",...}}}: the default. */
    SYSTEM_MESSAGE("system_message"),
    /** {@code {"type":"connection_established","data":{...}}}: the later staging form. */
    CONNECTION_ESTABLISHED("connection_established");

    private final String wireName;

    WelcomeForm(String wireName) {
        this.wireName = wireName;
    }

    /** The frame {@code type} this form sends. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name ({@code system_message} or {@code connection_established}). */
    public static WelcomeForm fromWireName(String name) {
        for (WelcomeForm form : values()) {
            if (form.wireName.equals(name)) {
                return form;
            }
        }
        throw new IllegalArgumentException("expected one of " + names() + ", got '" + name + "'");
    }

    static String names() {
        return Arrays.stream(values()).map(WelcomeForm::wireName).collect(Collectors.joining("|"));
    }
}
