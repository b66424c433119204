package dev.understudy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ClassHistogramTest {

    /** Only this test makes these, so their count is the test's own. */
    record Marker(long[] payload) {
    }

    @Test
    void theClassesThatGrewAreNamedWithTheirInstancesAndBytes(@TempDir Path dir) throws Exception {
        List<Marker> kept = new ArrayList<>();
        ClassHistogram.takeInto(dir.resolve("before.txt"));
        for (int i = 0; i < 2_000; i++) {
            kept.add(new Marker(new long[16]));
        }
        long live = ClassHistogram.takeInto(dir.resolve("after.txt"));
        ClassHistogram after = ClassHistogram.read(dir.resolve("after.txt"));
        List<ClassHistogram.Change> grown = after.grownSince(ClassHistogram.read(dir.resolve("before.txt")), 5);

        assertThat(after.totalBytes()).isEqualTo(live);
        assertThat(grown).extracting(ClassHistogram.Change::className).contains("[J", Marker.class.getName());
        ClassHistogram.Change markers = grown.stream().filter(c -> c.className().equals(Marker.class.getName()))
                .findFirst().orElseThrow();
        assertThat(markers.instances()).isEqualTo(2_000);
        assertThat(markers.bytes()).isGreaterThanOrEqualTo(2_000 * 16L);
        assertThat(kept).hasSize(2_000); // kept alive until both readings were taken
    }

    @Test
    void theTableListsTheLargestGrowthFirstAndTheNetChangeLast() {
        ClassHistogram before = ClassHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:            10            400  [B (java.base@17)
                   2:             5            120  java.lang.String (java.base@17)
                   3:             2             64  a.Gone
                Total            17            584
                """);
        ClassHistogram after = ClassHistogram.parse("""
                   1:            30           1200  [B (java.base@17)
                   2:             6            144  java.lang.String (java.base@17)
                   3:             1             48  a.New
                Total            37           1392
                """);
        assertThat(after.growthTable(before, 2)).isEqualTo("""
                | class | instances | bytes |
                | --- | --- | --- |
                | `[B` | +20 | +800 |
                | `a.New` | +1 | +48 |
                | every class, net | | +808 |
                """);
    }

    @Test
    void aHistogramWithoutItsTotalIsRefused() {
        assertThatThrownBy(() -> ClassHistogram.parse("   1:  10  400  [B\n"))
                .hasMessageContaining("Total");
    }
}
