package dev.understudy.bench;

import java.util.List;

/**
 * The servers measured: understudy and the three peers (WireMock twice, journal off and on), each with the jars its
 * process may load, named by their path under {@code lib/} (the repository layout: group, artifact).
 */
public enum Peer {
    UNDERSTUDY("understudy", "understudy", "UnderstudyPeer", "", true, List.of(
            "dev/understudy/understudy-fixtures/", "dev/understudy/understudy-mock-backend/", "io/undertow/undertow-core/",
            "org/jboss/", "org/wildfly/", "io/smallrye/", "com/fasterxml/", "io/jsonwebtoken/")),
    UNDERTOW("raw Undertow", "raw", "UndertowPeer", "", true, List.of(
            "io/undertow/undertow-core/", "org/jboss/", "org/wildfly/", "io/smallrye/")),
    MOCKWEBSERVER("mockwebserver3", "MWS", "MockWebServerPeer", "", true, List.of(
            "com/squareup/", "org/jetbrains/")),
    WIREMOCK("WireMock (journal off)", "WM-off", "WireMockPeer", "journal=off", false, List.of("org/wiremock/")),
    WIREMOCK_JOURNAL("WireMock (journal on)", "WM-on", "WireMockPeer", "journal=on", false, List.of("org/wiremock/")),
    /**
     * understudy as an earlier build ({@code --baseline DIR}): the same server class over that build's mock-backend
     * and fixtures jars, so a change is measured against what it replaced in one run.
     */
    BASELINE("understudy (baseline)", "base", "UnderstudyPeer", "", true, List.of(
            "io/undertow/undertow-core/", "org/jboss/", "org/wildfly/", "io/smallrye/", "com/fasterxml/", "io/jsonwebtoken/"));

    private final String label;
    private final String shortName;
    private final String serverClass;
    private final String option;
    private final boolean webSocket;
    private final List<String> libPrefixes;

    Peer(String label, String shortName, String serverClass, String option, boolean webSocket, List<String> libPrefixes) {
        this.label = label;
        this.shortName = shortName;
        this.serverClass = "dev.understudy.bench.server." + serverClass;
        this.option = option;
        this.webSocket = webSocket;
        this.libPrefixes = libPrefixes;
    }

    /** The column heading. */
    public String label() {
        return label;
    }

    /** The name in ratio cells. */
    public String shortName() {
        return shortName;
    }

    /** The {@code PeerServer} its process runs. */
    public String serverClass() {
        return serverClass;
    }

    /** Options for its {@code PeerServer}, as {@code key=value} arguments. */
    public List<String> options() {
        return option.isEmpty() ? List.of() : List.of(option);
    }

    /** Whether it serves the WebSocket (WireMock 3 does not). */
    public boolean webSocket() {
        return webSocket;
    }

    /** Whether a jar, by its path under {@code lib/} with '/' separators, belongs on this peer's classpath. */
    public boolean wants(String libPath) {
        return libPrefixes.stream().anyMatch(libPath::startsWith);
    }

    /** The peers understudy is compared with in every run (the baseline only when asked for). */
    public static List<Peer> others() {
        return List.of(UNDERTOW, MOCKWEBSERVER, WIREMOCK, WIREMOCK_JOURNAL);
    }
}
