package dev.understudy.mock.internal.run;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.understudy.mock.EventType;
import dev.understudy.mock.Scenario;
import dev.understudy.mock.internal.Times;

/**
 * One event frame as text (docs/contract.md §4): the flat envelope, the event's own fields, then {@code event} and
 * {@code data} for readers of the nested form; built from the step's pre-rendered members and the run's ids.
 */
final class EventText {

    private EventText() {
    }

    /**
     * The ids and text of one run, as the request gave them or as the server made them up, with the envelope
     * members every event of the run shares rendered once.
     */
    record Run(String threadId, String runId, String agentName, String message, Scenario scenario,
               String envelope, String agentNameJson, String messageJson) {

        static Run of(String userId, String threadId, String runId, String agentName, String message, Scenario scenario) {
            String agentJson = quote(agentName);
            String envelope = "\"user_id\":" + quote(userId) + ",\"thread_id\":" + quote(threadId)
                    + ",\"run_id\":" + quote(runId) + ",\"agent_name\":" + agentJson;
            return new Run(threadId, runId, agentName, message, scenario, envelope, agentJson,
                    new String(JsonStringEncoder.getInstance().quoteAsString(message)));
        }

        private static String quote(String s) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
        }
    }

    static String render(Run run, Scenario.Step step, int partialSeq, int partials) {
        String type = step.type();
        String members = step.templated() ? step.membersJson().replace(Scenario.MESSAGE, run.messageJson()) : step.membersJson();
        String extras = "";
        if (type.equals(EventType.PARTIAL_RESULT.wireName())) {
            extras = "\"sequence\":" + partialSeq + ",\"is_final\":" + (partialSeq == partials - 1);
        }
        StringBuilder b = new StringBuilder(2 * members.length() + run.envelope().length() + 160);
        b.append("{\"type\":\"").append(type)
                .append("\",\"timestamp\":").append(Times.epochSecondsText())
                .append(",\"critical\":").append(EventType.fromWireName(type).critical())
                .append(',').append(run.envelope());
        member(b, members);
        member(b, extras);
        b.append(",\"event\":\"").append(type).append("\",\"data\":{");
        int open = b.length();
        b.append(members);
        memberAfter(b, open, step.dataOnlyJson());
        memberAfter(b, open, extras);
        if (type.equals(EventType.AGENT_STARTED.wireName()) || type.equals(EventType.AGENT_COMPLETED.wireName())) {
            memberAfter(b, open, "\"agent_name\":" + run.agentNameJson());
        }
        if (type.equals(EventType.AGENT_COMPLETED.wireName()) && step.finalResponseJson() != null) {
            memberAfter(b, open, "\"result\":" + step.finalResponseJson());
        }
        return b.append("}}").toString();
    }

    private static void member(StringBuilder b, String member) {
        if (!member.isEmpty()) {
            b.append(',').append(member);
        }
    }

    private static void memberAfter(StringBuilder b, int objectStart, String member) {
        if (member.isEmpty()) {
            return;
        }
        if (b.length() > objectStart) {
            b.append(',');
        }
        b.append(member);
    }
}
