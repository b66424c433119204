package dev.understudy.mock;

/** Which of the two welcome frames of docs/contract.md §3 the server sends first on every socket. */
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
        return WireNames.parse(WelcomeForm.class, name, WelcomeForm::wireName);
    }
}
