package dev.understudy.mock;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a test of bounded resources counts: this process's open descriptors, and errors logged while it ran. */
final class Descriptors {

    private Descriptors() {
    }

    /** Open descriptors of this JVM (Linux /proc); -1 where /proc is not there. */
    static int open() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Collects every record logged at SEVERE (jboss-logging's ERROR, XNIO's listener failures) until closed. */
    static final class Errors extends Handler implements AutoCloseable {
        private final List<LogRecord> records = new ArrayList<>();
        private final Logger root = Logger.getLogger("");

        Errors() {
            setLevel(Level.SEVERE);
            root.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                records.add(record);
            }
        }

        synchronized List<String> messages() {
            return records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()
                    + (r.getThrown() == null ? "" : " " + r.getThrown())).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            root.removeHandler(this);
        }
    }
}
