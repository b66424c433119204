package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.internal.journal.Recorder;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /events}: the journal's changes as server-sent events, for the live page.
 *
 * <p>The public port never waits for a browser: the journal hands each change (which entry, nothing more) to one
 * bounded queue with a non-blocking offer and forgets it when the queue is full; one feed thread drains it, reads
 * the entries' summaries and sends them. Each subscriber has its own cap of events written but not yet flushed;
 * past it events are dropped and, once it drains, a {@code dropped} event says how many, so the page reloads
 * instead of the heap growing. Changes are gathered for {@value #BATCH_MS} ms, so an entry that changed many times
 * is sent once, and a batch of more than {@value #BURST} entries is one {@code burst} event (the page then reads
 * {@code GET /journal?since=}). A subscriber whose connection closes is released.
 */
final class LiveFeed implements Recorder.Feed, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class.getName());

    /** Changes waiting for the feed thread, across every subscriber. */
    static final int QUEUE_CAPACITY = 4096;
    /** Events one subscriber may have in flight (sent, not yet flushed) before its events are dropped. */
    static final int PER_SUBSCRIBER_CAP = 256;
    /** How long the feed thread gathers changes into one batch: an entry that changed ten times is sent once. */
    static final long BATCH_MS = 100;
    /** Past this many entries in one batch, one {@code burst} event asks the page to catch up with since=. */
    static final int BURST = 200;
    /** A comment line this often keeps a quiet stream open and finds a browser that went away. */
    private static final long KEEP_ALIVE_MS = 10_000;

    private record Change(Recorder.Kind kind, String id) {
    }

    private final Recorder journal;
    private final BlockingQueue<Change> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final AtomicLong queueDrops = new AtomicLong();
    /** Changes offered and not yet taken by the feed thread: read without the queue's lock. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Set instead of queueing once a burst is certain: a flood costs the IO threads one volatile write each. */
    private volatile boolean burstPending;
    private volatile boolean anyone;
    private volatile boolean closed;
    private Thread thread;

    LiveFeed(Recorder journal) {
        this.journal = journal;
        journal.feed(this);
    }

    /** One browser tab (or any SSE client) listening. */
    private final class Subscriber {
        final ServerSentEventConnection connection;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong dropped = new AtomicLong();

        Subscriber(ServerSentEventConnection connection) {
            this.connection = connection;
        }

        void send(String event, String data) {
            if (inFlight.get() >= PER_SUBSCRIBER_CAP) {
                dropped.incrementAndGet();
                return;
            }
            inFlight.incrementAndGet();
            connection.send(data, event, null, new ServerSentEventConnection.EventCallback() {
                @Override
                public void done(ServerSentEventConnection c, String d, String e, String id) {
                    if (inFlight.decrementAndGet() == 0) {
                        long lost = dropped.getAndSet(0);
                        if (lost > 0) {
                            send("dropped", "{\"dropped\":" + lost + "}");
                        }
                    }
                }

                @Override
                public void failed(ServerSentEventConnection c, String d, String e, String id, IOException failure) {
                    inFlight.decrementAndGet();
                    release(Subscriber.this);
                }
            });
        }
    }

    /** The {@code GET /events} handler. */
    HttpHandler handler() {
        return new ServerSentEventHandler((connection, lastEventId) -> {
            if (closed) {
                shut(connection);
                return;
            }
            Subscriber s = new Subscriber(connection);
            connection.setKeepAliveTime(KEEP_ALIVE_MS);
            connection.addCloseTask(c -> release(s));
            subscribers.add(s);
            anyone = true;
            startThread();
            s.send("hello", "{\"cursor\":" + journal.cursor() + "}");
        });
    }

    /** How many subscribers are listening now. */
    int subscribers() {
        return subscribers.size();
    }

    private void release(Subscriber s) {
        if (subscribers.remove(s)) {
            anyone = !subscribers.isEmpty();
            shut(s.connection);
        }
    }

    /** Called by the journal under its lock: a non-blocking hand-off, dropped when the queue is full. */
    @Override
    public void changed(Recorder.Kind kind, String id) {
        if (!anyone) {
            return;
        }
        if (pending.get() > BURST) {
            if (!burstPending) {
                burstPending = true;
            }
            return;
        }
        if (queue.offer(new Change(kind, id))) {
            pending.incrementAndGet();
        } else {
            queueDrops.incrementAndGet();
        }
    }

    private synchronized void startThread() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, "understudy-live-feed");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        List<Change> batch = new ArrayList<>();
        while (!closed) {
            try {
                Change first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (burstPending) {
                        burstPending = false;
                        publish(Set.of(), true);
                    }
                    continue;
                }
                batch.clear();
                batch.add(first);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BATCH_MS);
                for (long left = BATCH_MS; left > 0 && batch.size() < QUEUE_CAPACITY; left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
                    Change next = queue.poll(left, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, QUEUE_CAPACITY - batch.size());
                }
                pending.addAndGet(-batch.size());
                boolean burst = burstPending;
                burstPending = false;
                publish(new LinkedHashSet<>(batch), burst);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The live feed could not publish a change", e);
            }
        }
    }

    private void publish(Set<Change> changes, boolean burst) {
        long lost = queueDrops.getAndSet(0);
        if (lost > 0) {
            broadcast("dropped", "{\"dropped\":" + lost + "}");
        }
        if (burst || changes.size() > BURST) {
            // a flood (thousands of requests a second): one event, and the page reads what changed with since=
            broadcast("burst", "{\"changes\":" + changes.size() + ",\"cursor\":" + journal.cursor() + "}");
            return;
        }
        for (Change c : changes) {
            ObjectNode body = switch (c.kind()) {
                case WS -> journal.connection(c.id()).map(log -> JournalJson.connection(log, true)).orElse(null);
                case HTTP -> journal.request(c.id()).map(JournalJson::request).orElse(null);
                case CLEARED -> Json.object().put("cursor", journal.cursor());
            };
            if (body != null) {
                broadcast(c.kind() == Recorder.Kind.CLEARED ? "cleared" : c.kind() == Recorder.Kind.WS ? "ws" : "http",
                        Json.write(body));
            }
        }
    }

    private void broadcast(String event, String data) {
        for (Subscriber s : subscribers) {
            s.send(event, data);
        }
    }

    @Override
    public void close() {
        closed = true;
        journal.feed(null);
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
        for (Subscriber s : subscribers) {
            release(s);
        }
    }

    private static void shut(ServerSentEventConnection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a stream whose browser is gone
        }
    }
}
