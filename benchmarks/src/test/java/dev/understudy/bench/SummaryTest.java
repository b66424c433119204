package dev.understudy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class SummaryTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        Summary s = Summary.of(5, 1, 3);
        assertThat(s.median()).isEqualTo(3);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.count()).isEqualTo(3);
    }

    @Test
    void medianOfAnEvenCountIsBetweenTheTwoMiddleValues() {
        assertThat(Summary.of(4, 1, 3, 2).median()).isEqualTo(2.5);
    }

    @Test
    void quartilesInterpolateBetweenRanks() {
        Summary s = Summary.of(List.of(10.0, 20.0, 30.0, 40.0, 50.0));
        assertThat(s.p25()).isEqualTo(20);
        assertThat(s.p75()).isEqualTo(40);
        assertThat(Summary.of(1, 2).p25()).isEqualTo(1.25);
    }

    @Test
    void oneValueIsItsOwnSpread() {
        Summary s = Summary.of(7.5);
        assertThat(s.median()).isEqualTo(7.5);
        assertThat(s.p25()).isEqualTo(7.5);
        assertThat(s.format(1)).isEqualTo("7.5");
    }

    @Test
    void formatShowsTheMedianAndTheRange() {
        assertThat(Summary.of(1.0, 2.0, 4.0).format(1)).isEqualTo("2.0 (1.0–4.0)");
    }

    @Test
    void refusesNoValues() {
        assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
