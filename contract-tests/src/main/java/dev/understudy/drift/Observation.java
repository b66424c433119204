package dev.understudy.drift;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one target did for the drift probes: the HTTP answers, the handshake, the welcome, one agent run's events and
 * the closes; a missing part (null) was not observed and is not compared.
 */
final class Observation {

    /** One HTTP answer: its status and its body (null when not JSON). */
    record Answer(int status, JsonNode body) {
    }

    /** How a bad token was turned away: {@code status} 403-like before the upgrade, or 101 and then a close code. */
    record Rejection(int status, Integer closeCode, String firstFrameType) {
        String describe() {
            if (status != 101) {
                return status + " before the upgrade";
            }
            return "101 then " + (closeCode == null ? "no close" : "close " + closeCode)
                    + (firstFrameType == null ? "" : " (its first frame: " + firstFrameType + ")");
        }
    }

    final String label;
    final Map<String, Answer> http = new LinkedHashMap<>();
    /** The subprotocol the upgrade answered with a good token ("" for none); null when not observed. */
    String subprotocol;
    JsonNode welcome;
    List<String> eventFrames = new ArrayList<>();
    boolean runObserved;
    Rejection rejection;
    /** The close code the target answered the client's close 1000 with. */
    Integer closeEcho;

    Observation(String label) {
        this.label = label;
    }
}
