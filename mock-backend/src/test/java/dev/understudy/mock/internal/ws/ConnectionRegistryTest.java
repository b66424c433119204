package dev.understudy.mock.internal.ws;

import dev.understudy.mock.internal.auth.Jwt;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-user cap of open sockets, and the counts the server reports, kept by the registry. */
class ConnectionRegistryTest {

    private static Connection socketOf(String user, int n) {
        return new Connection(user + "-" + n, "/ws", new Jwt.Identity(user, null, List.of()), null, null);
    }

    @Test
    void aUserPastTheCapIsRefusedAndARemovedSocketFreesItsPlace() {
        ConnectionRegistry registry = new ConnectionRegistry(2);
        Connection a1 = socketOf("alice", 1);
        Connection a2 = socketOf("alice", 2);
        Connection a3 = socketOf("alice", 3);
        assertThat(registry.tryAdd(a1)).isTrue();
        assertThat(registry.tryAdd(a2)).isTrue();
        assertThat(registry.tryAdd(a3)).as("a third socket for a cap of 2").isFalse();
        assertThat(registry.tryAdd(socketOf("bob", 1))).as("another user's socket").isTrue();
        assertThat(registry.count("alice")).isEqualTo(2);
        assertThat(registry.size()).isEqualTo(3);

        registry.remove(a1);
        registry.remove(a1); // twice: a close task and a late check may both remove it
        assertThat(registry.count("alice")).isEqualTo(1);
        assertThat(registry.tryAdd(a3)).isTrue();
        assertThat(registry.all()).containsExactlyInAnyOrder(a2, a3, registry.all().stream()
                .filter(c -> c.userId().equals("bob")).findFirst().orElseThrow());
        registry.remove(a2);
        registry.remove(a3);
        assertThat(registry.count("alice")).isZero();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void theSameSocketAddedTwiceCountsOnce() {
        ConnectionRegistry registry = new ConnectionRegistry(5);
        Connection c = socketOf("carol", 1);
        assertThat(registry.tryAdd(c)).isTrue();
        assertThat(registry.tryAdd(c)).isFalse();
        assertThat(registry.count("carol")).isEqualTo(1);
    }

    @Test
    void concurrentUpgradesOfOneUserNeverPassTheCap() throws Exception {
        ConnectionRegistry registry = new ConnectionRegistry(50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> added = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                added.add(pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    int n = 0;
                    for (int i = 0; i < 100; i++) {
                        if (registry.tryAdd(socketOf("dave", thread * 1000 + i))) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : added) {
                total += f.get(10, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(50);
            assertThat(registry.count("dave")).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
