package dev.understudy.bench.server;

import dev.understudy.mock.MockStagingServer;
import dev.understudy.mock.Scenario;

import java.time.Duration;
import java.util.Map;

/**
 * understudy as a user gets it: {@code MockStagingServer.builder().start()} with every default (JWT validation,
 * Jackson, the fault engine idle, the journal on); {@code stream=N} swaps in an unpaced scenario of N events.
 */
public final class UnderstudyPeer implements PeerServer {

    private MockStagingServer server;

    @Override
    public int start(int port, Map<String, String> options) {
        MockStagingServer.Builder builder = MockStagingServer.builder().port(port);
        int events = Integer.parseInt(options.getOrDefault("stream", "0"));
        if (events > 0) {
            builder.scenario(streamScenario(events));
        }
        server = builder.start();
        return server.port();
    }

    @Override
    public String token(String user) {
        return server.mintToken(user);
    }

    /**
     * agent_started, agent_thinking, partial results, one tool call and agent_completed: {@code events} in all, with
     * every field docs/contract.md's agent runs require and no pause between them.
     */
    static Scenario streamScenario(int events) {
        if (events < 5) {
            throw new IllegalArgumentException("stream: expected at least 5 events, got " + events);
        }
        StringBuilder json = new StringBuilder(events * 160);
        json.append("{\"name\":\"bench-stream\",\"agent_name\":\"bench_agent\",\"events\":[")
                .append("{\"type\":\"agent_started\",\"task_description\":\"Answer: {message}\"},")
                .append("{\"type\":\"agent_thinking\",\"reasoning\":\"Streaming a long answer in small pieces.\"},");
        for (int i = 0; i < events - 5; i++) {
            json.append("{\"type\":\"partial_result\",\"content\":\"Piece ").append(i)
                    .append(" of a long answer, about as long as a token chunk from a model is.\"},");
        }
        json.append("{\"type\":\"tool_executing\",\"tool_name\":\"cost_analyzer\",\"parameters\":{\"period\":\"last_30_days\"}},")
                .append("{\"type\":\"tool_completed\",\"tool_name\":\"cost_analyzer\",\"results\":{\"total_usd\":18432.17},\"success\":true},")
                .append("{\"type\":\"agent_completed\",\"status\":\"completed\",\"final_response\":\"")
                .append("Your cloud spend over the last 30 days was $18,432; rightsizing idle VMs could save about 20% a month.")
                .append("\"}]}");
        return Scenario.parse(json.toString(), "the benchmark's stream scenario").withPacing(Duration.ZERO);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
