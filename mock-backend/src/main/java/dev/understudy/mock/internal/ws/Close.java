package dev.understudy.mock.internal.ws;

/** The close codes and reasons of docs/contract.md §5; the server never uses 4xxx codes. */
public final class Close {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;

    public static final String AUTH_FAILED = "Authentication failed";
    public static final String TOO_MANY = "Too many concurrent connections";
    public static final String SERVER_STOPPING = "Server shutting down";

    private Close() {
    }
}
