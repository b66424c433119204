package dev.understudy.mock.internal;

import dev.understudy.mock.fault.FaultSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JSON parse failure reads as where (line, column) and what, in plain words, with nothing of the parser's. */
@Timeout(10)
class JsonProblemTest {

    static String problemOf(String text) {
        try {
            Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return Json.problem(e);
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void saysTheLineAndColumnAndWhatInPlainWords() {
        assertThat(problemOf("{\"a\":1,\n  }")).isEqualTo("line 2, column 3: unexpected character '}': was expecting double-quote to start field name");
        assertThat(problemOf("{\"a\":")).startsWith("line 1, column 6: the text ends before the JSON value does");
        assertThat(problemOf("{\"a\": nope}")).startsWith("line 1, column ").contains("unknown word 'nope'");
        assertThat(problemOf("]")).startsWith("line 1, column 1: a closing bracket that closes nothing open");
    }

    @Test
    void noParserInternalsReachAMessage() {
        for (String bad : new String[]{"{\"a\":1,\n  }", "{\"a\":", "{\"a\": nope}", "]", "{\"x\": \"\\q\"}"}) {
            assertThat(problemOf(bad)).as(bad).doesNotContain("Source").doesNotContain("code ")
                    .doesNotContain("StreamReadFeature").doesNotContain("REDACTED").doesNotContain("jackson");
        }
        assertThatThrownBy(() -> FaultSpec.parseAll("{\"fault\":", "faults.json"))
                .hasMessageStartingWith("faults.json: expected JSON, got text that does not parse (line 1, column ")
                .hasMessageNotContaining("Source");
        assertThatThrownBy(() -> FaultSpec.parseFlag("{\"fault\":"))
                .hasMessageStartingWith("the JSON form: expected a JSON object, but it is not valid JSON: line 1, column ");
    }
}
