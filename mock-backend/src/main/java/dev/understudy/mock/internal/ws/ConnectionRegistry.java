package dev.understudy.mock.internal.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sockets, by user, enforcing the per-user cap of docs/contract.md §2. Each user's sockets are an immutable
 * list replaced under the map's per-key lock: most users have one or two, and a concurrent set each cost ~250 bytes.
 */
public final class ConnectionRegistry {

    private final int maxPerUser;
    private final Map<String, List<Connection>> byUser = new ConcurrentHashMap<>();

    public ConnectionRegistry(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /** Adds a connection unless its user already has the maximum open; atomic per user. */
    public boolean tryAdd(Connection c) {
        boolean[] added = {false};
        byUser.compute(c.userId(), (user, list) -> {
            List<Connection> now = list != null ? list : List.of();
            if (now.size() >= maxPerUser || now.contains(c)) {
                return list;
            }
            added[0] = true;
            if (now.isEmpty()) {
                return List.of(c);
            }
            List<Connection> more = new ArrayList<>(now.size() + 1);
            more.addAll(now);
            more.add(c);
            return List.copyOf(more);
        });
        return added[0];
    }

    public void remove(Connection c) {
        byUser.computeIfPresent(c.userId(), (user, list) -> {
            if (!list.contains(c)) {
                return list;
            }
            List<Connection> rest = new ArrayList<>(list);
            rest.remove(c);
            return rest.isEmpty() ? null : List.copyOf(rest);
        });
    }

    /** How many sockets are open in all. */
    public int size() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    /** How many sockets a user has open. */
    public int count(String userId) {
        List<Connection> s = byUser.get(userId);
        return s == null ? 0 : s.size();
    }

    public List<Connection> all() {
        List<Connection> out = new ArrayList<>();
        byUser.values().forEach(out::addAll);
        return out;
    }

    /** Sends every open socket a close frame; completes when all are written. */
    public CompletableFuture<Void> closeAll(int code, String reason) {
        return CompletableFuture.allOf(all().stream().map(c -> c.close(code, reason)).toArray(CompletableFuture[]::new));
    }
}
