package dev.understudy.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the results table: a figure, each server's value (median and spread), understudy's ratio to each peer
 * that measured the same thing, and a target with its verdict.
 */
final class Row {

    /** Whether a target was met; NONE when the row has no target or it could not be judged. */
    enum Verdict { PASS, MISS, NONE }

    final String id;
    final String figure;
    final int decimals;
    final Map<Peer, Summary> values = new EnumMap<>(Peer.class);
    /** Text shown instead of a value: "failed: ...", "n/a: ...". */
    final Map<Peer, String> texts = new EnumMap<>(Peer.class);
    String target = "";
    Verdict verdict = Verdict.NONE;
    final List<String> notes = new ArrayList<>();

    Row(String id, String figure, int decimals) {
        this.id = id;
        this.figure = figure;
        this.decimals = decimals;
    }

    Row value(Peer peer, Summary summary) {
        values.put(peer, summary);
        return this;
    }

    Row text(Peer peer, String text) {
        texts.put(peer, text);
        return this;
    }

    Row target(String description, boolean met) {
        this.target = description;
        this.verdict = met ? Verdict.PASS : Verdict.MISS;
        return this;
    }

    /** A target that could not be judged (a value it needs is missing). */
    Row targetUnjudged(String description) {
        this.target = description;
        this.verdict = Verdict.NONE;
        return this;
    }

    /** understudy's median, or NaN. */
    double understudy() {
        return median(Peer.UNDERSTUDY);
    }

    double median(Peer peer) {
        Summary s = values.get(peer);
        return s == null ? Double.NaN : s.median();
    }

    /** understudy's median over the peer's, or NaN when either is missing. */
    double ratio(Peer peer) {
        return understudy() / median(peer);
    }

    String cell(Peer peer) {
        if (values.containsKey(peer)) {
            String v = values.get(peer).format(decimals);
            return texts.containsKey(peer) ? v + " " + texts.get(peer) : v;
        }
        return texts.getOrDefault(peer, "—");
    }

    /** "0.93× raw, 2.10× MWS": understudy's value as a multiple of each peer's. */
    String ratios() {
        List<String> parts = new ArrayList<>();
        List<Peer> peers = new ArrayList<>(Peer.others());
        peers.add(Peer.BASELINE);
        for (Peer peer : peers) {
            double r = ratio(peer);
            if (!Double.isNaN(r) && !Double.isInfinite(r)) {
                parts.add(String.format(Locale.ROOT, "%.2f× %s", r, peer.shortName()));
            }
        }
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    String verdictText() {
        return switch (verdict) {
            case PASS -> "PASS";
            case MISS -> "**MISS**";
            case NONE -> target.isEmpty() ? "" : "not judged";
        };
    }
}
