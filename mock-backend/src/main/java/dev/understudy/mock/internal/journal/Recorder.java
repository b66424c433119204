package dev.understudy.mock.internal.journal;

import dev.understudy.mock.fault.Fault;
import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.FaultHit;
import dev.understudy.mock.journal.FrameLog;
import dev.understudy.mock.journal.HttpLog;
import dev.understudy.mock.journal.Journal;


import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The journal's write side: the server opens one {@link Recording} per connection and writes frames and endings to
 * it; tokens are redacted on the way in and every list is bounded ({@link Journal}'s limits). Readers get
 * {@link ConnectionLog} snapshots through the {@link Journal} view this class implements.
 */
public final class Recorder implements Journal {

    private static final String REDACTED = "<redacted>";
    private static final Pattern QUERY_TOKEN = Pattern.compile("(?i)(token=)[^&\\s]+");

    private final Clock clock;
    private final boolean enabled;
    private final Map<String, Recording> connections = new LinkedHashMap<>();
    /** Oldest first; a bounded queue, not a map: a request is journaled on every answer, looked up by id rarely. */
    private final ArrayDeque<HttpRecording> requests = new ArrayDeque<>();
    private long seq;
    private long requestIds;
    /** Told of every change, under the lock: it must only hand off (the live feed's bounded queue), never block. */
    private volatile Feed feed;
    /** Threads in an await, under this lock: a change wakes them, and costs no notify when there are none. */
    private int waiting;

    /** @param enabled false for a journal that keeps nothing ({@code journal(false)}): its recordings are no-ops */
    private volatile VerboseLog verbose;

    public Recorder(Clock clock, boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    /** Also prints a line per request, connection, fault, run and ending there ({@code --verbose}); null for none. */
    public void verbose(VerboseLog log) {
        this.verbose = log;
    }

    /** Whether {@code --verbose} is on: the lines are built only then, not on every request. */
    private boolean saying() {
        return verbose != null;
    }

    private void say(String line) {
        VerboseLog v = verbose;
        if (v != null) {
            v.say(line);
        }
    }

    /** Whether this journal keeps anything ({@code journal(false)} keeps nothing). */
    public boolean enabled() {
        return enabled;
    }

    /** The kinds of entry a change can be about. */
    public enum Kind { WS, HTTP, CLEARED }

    /** Hears of each change (which entry); called under the journal's lock, so it must not block. */
    public interface Feed {
        void changed(Kind kind, String id);
    }

    /** Sets the one listener of changes (the admin port's live feed), or null for none. */
    public void feed(Feed feed) {
        this.feed = feed;
    }

    /** The run event a server frame carries, for the verbose line: only the first and the last of a run. */
    private static String runEvent(String text) {
        for (String type : new String[]{"agent_started", "agent_completed", "agent_error"}) {
            if (text.startsWith("{\"type\":\"" + type + "\"")) {
                return type;
            }
        }
        return null;
    }

    /** Caller holds the lock. */
    private long changed(Kind kind, String id) {
        seq++;
        Feed f = feed;
        if (f != null) {
            f.changed(kind, id);
        }
        if (waiting > 0) {
            notifyAll();
        }
        return seq;
    }

    /** The live record of one connection; the server writes to it, readers get {@link ConnectionLog} snapshots. */
    public final class Recording {
        private final String id;
        private final String path;
        private final String user;
        /** name, value, name, value, ...: one small array a connection, not a map of lists (snapshots rebuild it). */
        private String[] headers;
        private final Instant opened;
        private final long openedNanos = System.nanoTime();
        private List<FrameLog> frames = new ArrayList<>();
        private long dropped;
        private ConnectionLog.Ending ending;
        private List<FaultHit> faults = new ArrayList<>(0);
        private long changedAt;
        /** Forgotten by the journal: keeps nothing more, so an open socket can't pin what the journal let go. */
        private boolean evicted;

        private Recording(String id, String path, String user, String[] headers) {
            this.id = id;
            this.path = path;
            this.user = user;
            this.headers = headers;
            this.opened = clock.instant();
        }

        /** Records a frame from the client. */
        public void in(String text) {
            frame(FrameLog.Direction.IN, text);
        }

        /** Records a frame to the client. */
        public void out(String text) {
            if (verbose != null) {
                String type = runEvent(text);
                if (type != null) {
                    say("run  " + id + " " + type);
                }
            }
            frame(FrameLog.Direction.OUT, text);
        }

        private void frame(FrameLog.Direction direction, String text) {
            if (!enabled) {
                return;
            }
            synchronized (Recorder.this) {
                if (evicted) {
                    return;
                }
                if (frames.size() >= MAX_FRAMES_PER_CONNECTION) {
                    dropped++;
                } else {
                    String kept = text.length() > MAX_FRAME_CHARS ? text.substring(0, MAX_FRAME_CHARS) : text;
                    frames.add(new FrameLog(direction, Duration.ofNanos(System.nanoTime() - openedNanos), kept));
                }
                changedAt = changed(Kind.WS, id);
            }
        }

        /** Records a fault that struck this connection now. */
        public void fault(Fault fault, String expectedAfter) {
            if (saying()) {
                say("ws   " + id + " fault " + fault.kind() + (expectedAfter == null ? "" : " (after " + expectedAfter + ")"));
            }
            if (!enabled) {
                return;
            }
            synchronized (Recorder.this) {
                if (evicted || faults.size() >= MAX_FAULTS_PER_CONNECTION) {
                    return;
                }
                faults.add(new FaultHit(Duration.ofNanos(System.nanoTime() - openedNanos), fault, expectedAfter));
                changedAt = changed(Kind.WS, id);
            }
        }

        /** Records how the connection ended; the first ending wins. */
        public void ended(String how, int code, String reason) {
            if (!enabled) {
                if (saying()) {
                    say("ws   " + id + " " + path + " ended " + how + " " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
                }
                return;
            }
            synchronized (Recorder.this) {
                if (ending == null) {
                    if (saying()) {
                        say("ws   " + id + " " + path + " ended " + how + " " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
                    }
                    ending = new ConnectionLog.Ending(how, code, reason == null ? "" : reason, clock.instant());
                    if (!evicted) {
                        changedAt = changed(Kind.WS, id);
                    }
                }
            }
        }

        private void evict() {
            evicted = true;
            frames = List.of();
            headers = NO_HEADERS;
            faults = List.of();
        }

        ConnectionLog snapshot() {
            return new ConnectionLog(id, path, user, headerMap(headers), opened, List.copyOf(frames), dropped, ending,
                    List.copyOf(faults), changedAt);
        }
    }

    /** The live record of one plain HTTP request; the public port's first handler writes it. */
    public final class HttpRecording {
        private final String id;
        private final String method;
        private final String path;
        private final String query;
        private final String user;
        /** Epoch milliseconds: an Instant is made only when the entry is read. */
        private final long atMillis;
        private final long startNanos = System.nanoTime();
        private int status;
        private List<String> faults = List.of();
        /** Nanoseconds until the ending, or -1 while in flight. */
        private long durationNanos = -1;
        private String ending;
        private long changedAt;
        /** In the journal still (not evicted or cleared): only then does a change bump the cursor. */
        private boolean kept;

        private HttpRecording(String id, String method, String path, String query, String user) {
            this.id = id;
            this.method = method;
            this.path = path;
            this.query = query;
            this.user = user;
            this.atMillis = clock.millis();
        }

        /** Records the kinds of the faults that struck the request. */
        public void struck(List<String> kinds) {
            synchronized (Recorder.this) {
                if (faults.isEmpty()) {
                    faults = new ArrayList<>(kinds.size());
                }
                faults.addAll(kinds);
                if (kept) {
                    changedAt = changed(Kind.HTTP, id);
                }
            }
        }

        /** Records the status answered; the first ending wins. */
        public void answered(int code) {
            end(code, HttpLog.ANSWERED);
        }

        /** Records that the connection closed with no answer; the first ending wins. */
        public void closedUnanswered() {
            end(0, HttpLog.CLOSED_UNANSWERED);
        }

        private void end(int code, String how) {
            synchronized (Recorder.this) {
                if (ending != null) {
                    return;
                }
                status = code;
                ending = how;
                durationNanos = System.nanoTime() - startNanos;
                if (saying()) {
                    say("http " + method + " " + path + " " + (code == 0 ? how : String.valueOf(code))
                            + (user == null ? "" : " user=" + user) + (faults.isEmpty() ? "" : " faults=" + String.join(",", faults)));
                }
                if (kept) {
                    changedAt = changed(Kind.HTTP, id);
                }
            }
        }

        HttpLog snapshot() {
            return new HttpLog(id, method, path, query, user, status, List.copyOf(faults), Instant.ofEpochMilli(atMillis),
                    durationNanos < 0 ? null : Duration.ofNanos(durationNanos), ending, changedAt);
        }
    }

    /**
     * Starts recording a plain HTTP request; the query is copied with every token redacted. With the journal off
     * the recording is kept nowhere.
     */
    public HttpRecording request(String method, String path, String query, String user) {
        String kept = query == null || query.isEmpty() ? "" : (mentionsToken(query) ? QUERY_TOKEN.matcher(query).replaceAll("$1" + REDACTED) : query);
        synchronized (this) {
            HttpRecording r = new HttpRecording("req_" + (++requestIds), method, path, kept, user);
            if (!enabled) {
                return r;
            }
            requests.addLast(r);
            r.kept = true;
            if (requests.size() > MAX_HTTP_REQUESTS) {
                requests.removeFirst().kept = false;
            }
            r.changedAt = changed(Kind.HTTP, r.id);
            return r;
        }
    }

    /** Starts recording a connection; the headers are copied with every token redacted. */
    public Recording open(String id, String path, String user, Map<String, List<String>> headers) {
        return open(id, path, user, redactedPairs(headers));
    }

    /** Starts recording a connection from the upgrade request's own headers, copied once with every token redacted. */
    public Recording open(String id, String path, String user, HeaderMap headers) {
        return open(id, path, user, redactedPairs(headers));
    }

    private Recording open(String id, String path, String user, String[] redactedHeaders) {
        Recording r = new Recording(id, path, user, redactedHeaders);
        if (saying() && !id.startsWith("rejected-")) {
            say("ws   " + id + " " + path + " upgraded user=" + user);
        }
        if (!enabled) {
            return r;
        }
        synchronized (this) {
            connections.put(id, r);
            if (connections.size() > MAX_CONNECTIONS) {
                Iterator<Recording> oldest = connections.values().iterator();
                oldest.next().evict();
                oldest.remove();
            }
            r.changedAt = changed(Kind.WS, id);
        }
        return r;
    }

    @Override
    public synchronized List<HttpLog> requests() {
        return requests.stream().map(HttpRecording::snapshot).toList();
    }

    /** One plain HTTP request by id. */
    public synchronized Optional<HttpLog> request(String id) {
        for (HttpRecording r : requests) {
            if (r.id.equals(id)) {
                return Optional.of(r.snapshot());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized long cursor() {
        return seq;
    }

    @Override
    public synchronized List<ConnectionLog> connections() {
        return connections.values().stream().map(Recording::snapshot).toList();
    }

    @Override
    public synchronized Optional<ConnectionLog> connection(String id) {
        Recording r = connections.get(id);
        return Optional.ofNullable(r == null ? null : r.snapshot());
    }

    @Override
    public synchronized void clear() {
        connections.values().forEach(Recording::evict);
        connections.clear();
        requests.forEach(r -> r.kept = false);
        requests.clear();
        changed(Kind.CLEARED, null);
    }

    @Override
    public HttpLog awaitRequest(Predicate<HttpLog> condition, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (HttpRecording r : requests) {
                    HttpLog log = r.snapshot();
                    if (condition.test(log)) {
                        return log;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("No journaled HTTP request matched within " + timeout + "; have "
                            + requests.size() + " request(s)");
                }
                waitForChange(Math.max(1, Duration.ofNanos(left).toMillis()));
            }
        }
    }

    @Override
    public ConnectionLog awaitConnection(Predicate<ConnectionLog> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (Recording r : connections.values()) {
                    ConnectionLog log = r.snapshot();
                    if (condition.test(log)) {
                        return log;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("No journal entry matched within " + timeout + "; have "
                            + connections.size() + " connection(s)");
                }
                waitForChange(Math.max(1, Duration.ofNanos(left).toMillis()));
            }
        }
    }

    private static final String[] NO_HEADERS = {};

    /** Waits under this lock for the next change, counted in {@link #waiting}. */
    private void waitForChange(long millis) throws InterruptedException {
        waiting++;
        try {
            wait(millis);
        } finally {
            waiting--;
        }
    }

    /** The headers with every token redacted, as the journal shows them. */
    static Map<String, List<String>> redact(Map<String, List<String>> headers) {
        return headerMap(redactedPairs(headers));
    }

    /** The headers with every token redacted, flat: name, value, name, value, ... in their order. */
    private static String[] redactedPairs(Map<String, List<String>> headers) {
        int n = 0;
        for (List<String> values : headers.values()) {
            n += values.size();
        }
        String[] out = new String[2 * n];
        int i = 0;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String v : e.getValue()) {
                out[i++] = e.getKey();
                out[i++] = redactValue(e.getKey(), v);
            }
        }
        return out;
    }

    /** The same, read straight from Undertow's header map (no copy of it first). */
    private static String[] redactedPairs(HeaderMap headers) {
        int n = 0;
        for (HeaderValues values : headers) {
            n += values.size();
        }
        String[] out = new String[2 * n];
        int i = 0;
        for (HeaderValues values : headers) {
            String name = values.getHeaderName().toString();
            for (String v : values) {
                out[i++] = name;
                out[i++] = redactValue(name, v);
            }
        }
        return out;
    }

    /** Flat pairs back into a map of each name's values, the names in alphabetical order, any case (as an upgrade's always were). */
    private static Map<String, List<String>> headerMap(String[] pairs) {
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            sorted.computeIfAbsent(pairs[i], name -> new ArrayList<>(1)).add(pairs[i + 1]);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        sorted.forEach((name, values) -> out.put(name, List.copyOf(values)));
        return out;
    }

    private static String redactValue(String name, String value) {
        if (name.equalsIgnoreCase("Authorization")) {
            int space = value.indexOf(' ');
            return space > 0 ? value.substring(0, space + 1) + REDACTED : REDACTED;
        }
        if (name.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
            List<String> entries = new ArrayList<>();
            for (String entry : value.split(",")) {
                String e = entry.strip();
                int dot = e.indexOf('.');
                boolean bearsToken = e.startsWith("jwt.") || e.startsWith("jwt-auth.") || e.startsWith("bearer.");
                entries.add(bearsToken ? e.substring(0, dot + 1) + REDACTED : e);
            }
            return String.join(", ", entries);
        }
        if (name.equalsIgnoreCase("X-E2E-Bypass-Key") || name.equalsIgnoreCase("Cookie")) {
            return REDACTED;
        }
        return mentionsToken(value) ? QUERY_TOKEN.matcher(value).replaceAll("$1" + REDACTED) : value;
    }

    /** Whether {@code token=} appears, any case: most header values don't, and the regex costs on every connect. */
    private static boolean mentionsToken(String value) {
        for (int i = value.indexOf('='); i >= 0; i = value.indexOf('=', i + 1)) {
            if (i >= 5 && value.regionMatches(true, i - 5, "token", 0, 5)) {
                return true;
            }
        }
        return false;
    }
}
