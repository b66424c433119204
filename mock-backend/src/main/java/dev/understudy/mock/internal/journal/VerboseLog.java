package dev.understudy.mock.internal.journal;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The standalone's {@code --verbose}: one line per request, connection, fault hit, run and ending, printed by a
 * thread of its own. The IO threads only offer to a bounded queue, so a slow terminal never slows the server; when
 * the queue is full lines are dropped and counted, and the count is printed with the next line that fits.
 */
public final class VerboseLog implements AutoCloseable {

    private static final int CAPACITY = 4096;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintStream out;
    private final Thread printer;
    private volatile boolean closed;

    public VerboseLog(PrintStream out) {
        this.out = out;
        this.printer = new Thread(this::print, "understudy-verbose");
        printer.setDaemon(true);
        printer.start();
    }

    /** Hands one line to the printer; never blocks. */
    void say(String line) {
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void print() {
        while (!closed || !lines.isEmpty()) {
            String line;
            try {
                line = lines.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (line == null) {
                continue;
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                out.println("understudy: " + lost + " verbose line(s) dropped: the terminal read slower than the server wrote");
            }
            out.println("understudy: " + line);
        }
        out.flush();
    }

    /** Prints what is queued, then stops the printer (waits a second at most). */
    @Override
    public void close() {
        closed = true;
        try {
            printer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
