package dev.understudy.bench.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class PeerFramesTest {

    @Test
    void aStreamRequestRoundTrips() {
        PeerFrames.Stream stream = PeerFrames.stream(PeerFrames.streamRequest(10_000, 455));
        assertThat(stream).isEqualTo(new PeerFrames.Stream(10_000, 455));
    }

    @Test
    void anyOtherMessageIsNoStreamRequest() {
        assertThat(PeerFrames.stream("{\"type\":\"ping\"}")).isNull();
    }

    @Test
    void streamFramesHaveExactlyTheAskedSizeAndEndWithAgentCompleted() {
        PeerFrames.Stream stream = new PeerFrames.Stream(3, 455);
        assertThat(stream.partial()).hasSize(455).startsWith("{\"type\":\"partial_result\"").endsWith("\"}");
        assertThat(stream.completed()).hasSize(455).startsWith("{\"type\":\"agent_completed\"");
    }

    @Test
    void refusesAnEmptyStream() {
        assertThatThrownBy(() -> PeerFrames.stream("stream 0 455")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
