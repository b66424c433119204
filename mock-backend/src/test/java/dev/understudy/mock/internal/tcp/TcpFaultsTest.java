package dev.understudy.mock.internal.tcp;

import dev.understudy.mock.internal.fault.FaultEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TCP wing's bookkeeping of served connections over real loopback sockets: a connection leaves the set as it
 * closes (not at a later sweep, holding its channels meanwhile), and the close listener HTTP set is still called.
 */
class TcpFaultsTest {

    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> server;
    private final TcpFaults tcp = new TcpFaults(new FaultEngine(Clock.systemUTC(), (d, r) -> { }, () -> { }));
    private final AtomicInteger httpSawClose = new AtomicInteger();

    @BeforeEach
    void listen() throws IOException {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        server = worker.createStreamConnectionServer(new InetSocketAddress("127.0.0.1", 0), ch -> {
            try {
                StreamConnection c;
                while ((c = ch.accept()) != null) {
                    if (tcp.admit(c)) {
                        // what Undertow's open listener does next: its own close listener, and a reader
                        c.setCloseListener(closed -> httpSawClose.incrementAndGet());
                        readUntilEnd(c);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, OptionMap.EMPTY);
        server.resumeAccepts();
    }

    private static void readUntilEnd(StreamConnection c) {
        ConduitStreamSourceChannel source = c.getSourceChannel();
        source.getReadSetter().set((ChannelListener<ConduitStreamSourceChannel>) ch -> {
            ByteBuffer sink = ByteBuffer.allocate(256);
            try {
                while (true) {
                    int n = ch.read(sink);
                    if (n < 0) {
                        IoUtils.safeClose(c);
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                    sink.clear();
                }
            } catch (IOException e) {
                IoUtils.safeClose(c);
            }
        });
        source.resumeReads();
    }

    @AfterEach
    void stop() {
        IoUtils.safeClose(server);
        worker.shutdownNow();
    }

    @Test
    void aServedConnectionLeavesTheSetAsItClosesAndHttpsOwnCloseListenerStillRunsOnce() throws Exception {
        int port = server.getLocalAddress(InetSocketAddress.class).getPort();
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                clients.add(s);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> tcp.tracked() == 20);
        } finally {
            for (int i = 0; i < clients.size(); i++) {
                if (i % 2 == 0) {
                    clients.get(i).setSoLinger(true, 0); // half by RST, half by FIN
                }
                clients.get(i).close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> tcp.tracked() == 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(httpSawClose.get()).isEqualTo(20));
    }
}
