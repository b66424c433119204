package dev.understudy.client.internal.ws;

import dev.understudy.client.CloseInfo;
import dev.understudy.client.Frame;

import java.util.Objects;

/** What a socket's inbox holds: a frame that arrived, or, last of all, the close. */
public sealed interface InboxItem {

    /** A frame, in arrival order. */
    record Received(Frame frame) implements InboxItem {
        public Received {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** The socket closed; nothing comes after it. */
    record Closed(CloseInfo close) implements InboxItem {
        public Closed {
            Objects.requireNonNull(close, "close");
        }
    }
}
