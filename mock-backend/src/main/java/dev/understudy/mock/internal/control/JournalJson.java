package dev.understudy.mock.internal.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.mock.internal.Json;
import dev.understudy.mock.journal.ConnectionLog;
import dev.understudy.mock.journal.FaultHit;
import dev.understudy.mock.journal.FrameLog;
import dev.understudy.mock.journal.HttpLog;

/** The journal's entries as the admin API and its live feed write them (docs/admin-api.md). */
final class JournalJson {

    private JournalJson() {
    }

    /**
     * One connection; a summary leaves out the headers and frames (their count stays), for lists of thousands.
     */
    static ObjectNode connection(ConnectionLog c, boolean summary) {
        ObjectNode n = Json.object();
        n.put("kind", "ws");
        n.put("id", c.id());
        n.put("seq", c.seq());
        n.put("path", c.path());
        n.put("user", c.user());
        n.put("opened", c.opened().toString());
        n.put("opened_epoch", epoch(c.opened()));
        if (!summary) {
            n.set("headers", Json.MAPPER.valueToTree(c.headers()));
            ArrayNode frames = n.putArray("frames");
            for (FrameLog f : c.frames()) {
                frames.addObject()
                        .put("direction", f.direction().name().toLowerCase())
                        .put("at_ms", f.at().toNanos() / 1e6)
                        .put("text", f.text());
            }
        }
        n.put("frame_count", c.frames().size() + c.framesDropped());
        n.put("frames_dropped", c.framesDropped());
        ArrayNode faults = n.putArray("faults");
        for (FaultHit hit : c.faults()) {
            ObjectNode f = faults.addObject();
            f.put("at_ms", hit.at().toNanos() / 1e6);
            f.setAll(FaultCodec.toJson(hit.fault()));
            if (hit.expectedAfter() != null) {
                f.put("expected_after", hit.expectedAfter());
            }
        }
        if (c.ending() != null) {
            n.putObject("ending")
                    .put("how", c.ending().how())
                    .put("code", c.ending().code())
                    .put("reason", c.ending().reason())
                    .put("at", c.ending().at().toString())
                    .put("at_ms", java.time.Duration.between(c.opened(), c.ending().at()).toNanos() / 1e6);
        } else {
            n.putNull("ending");
        }
        return n;
    }

    static ObjectNode request(HttpLog r) {
        ObjectNode n = Json.object();
        n.put("kind", "http");
        n.put("id", r.id());
        n.put("seq", r.seq());
        n.put("method", r.method());
        n.put("path", r.path());
        n.put("query", r.query());
        n.put("user", r.user());
        n.put("status", r.status());
        ArrayNode faults = n.putArray("faults");
        r.faults().forEach(faults::add);
        n.put("at", r.at().toString());
        n.put("at_epoch", epoch(r.at()));
        if (r.duration() != null) {
            n.put("duration_ms", r.duration().toNanos() / 1e6);
        } else {
            n.putNull("duration_ms");
        }
        n.put("ending", r.ending());
        return n;
    }

    private static double epoch(java.time.Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
