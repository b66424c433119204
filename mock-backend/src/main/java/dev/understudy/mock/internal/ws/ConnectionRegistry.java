package dev.understudy.mock.internal.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The open sockets, by user, enforcing the per-user cap of docs/contract.md §2. */
public final class ConnectionRegistry {

    private final int maxPerUser;
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

    public ConnectionRegistry(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /** Adds a connection unless its user already has the maximum open; atomic per user. */
    public boolean tryAdd(Connection c) {
        boolean[] added = {false};
        byUser.compute(c.userId(), (user, set) -> {
            Set<Connection> s = set != null ? set : ConcurrentHashMap.newKeySet();
            if (s.size() < maxPerUser) {
                s.add(c);
                added[0] = true;
            }
            return s.isEmpty() ? null : s;
        });
        return added[0];
    }

    public void remove(Connection c) {
        byUser.computeIfPresent(c.userId(), (user, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many sockets are open in all. */
    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    /** How many sockets a user has open. */
    public int count(String userId) {
        Set<Connection> s = byUser.get(userId);
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
