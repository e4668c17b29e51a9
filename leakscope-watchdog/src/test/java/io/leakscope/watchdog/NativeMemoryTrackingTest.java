package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeMemoryTracking} on real {@code jcmd VM.native_memory summary} outputs of JDK 17 (in
 * KB) and JDK 25 (in MB, {@code scale=MB}) kept under {@code src/test/resources}; the expected
 * numbers are read off those files.
 */
class NativeMemoryTrackingTest {
  private static final Path DIR = Path.of("src/test/resources/io/leakscope/watchdog/nmt");

  @Test
  void parsesJdk17() throws IOException {
    NativeMemoryTracking nmt =
        NativeMemoryTracking.parse(Files.readString(DIR.resolve("jdk17-summary.txt")));

    assertThat(nmt.reservedBytes()).isEqualTo(1713350L << 10);
    assertThat(nmt.committedBytes()).isEqualTo(341406L << 10);
    assertThat(nmt.committed("Java Heap")).isEqualTo(262144L << 10);
    assertThat(nmt.committed("Thread")).isEqualTo(922L << 10);
    assertThat(nmt.threadStackCommittedBytes()).isEqualTo(840L << 10);
    assertThat(nmt.committed("Other")).isEqualTo(10L << 10);
    assertThat(nmt.committed("Shared class space")).isEqualTo(12060L << 10);
    assertThat(nmt.committed("Native Memory Tracking")).isPositive();
    assertThat(nmt.committed("no such category")).isEqualTo(-1);
    assertThat(nmt.categories().get(0).name()).isEqualTo("Java Heap");
    // the categories' committed bytes add up to the total, give or take the rounding of each
    long sum =
        nmt.categories().stream().mapToLong(NativeMemoryTracking.Category::committedBytes).sum();
    assertThat(sum)
        .isBetween(
            nmt.committedBytes() - (nmt.categories().size() << 10),
            nmt.committedBytes() + (nmt.categories().size() << 10));
  }

  @Test
  void parsesJdk25InMegabytes() throws IOException {
    NativeMemoryTracking nmt =
        NativeMemoryTracking.parse(Files.readString(DIR.resolve("jdk25-summary-mb.txt")));

    assertThat(nmt.committedBytes()).isEqualTo(336L << 20);
    assertThat(nmt.committed("Java Heap")).isEqualTo(256L << 20);
    assertThat(nmt.committed("Shared class space")).isEqualTo(14L << 20);
    assertThat(nmt.threadStackCommittedBytes()).isEqualTo(1L << 20);
    assertThat(nmt.categories())
        .extracting(NativeMemoryTracking.Category::name)
        .contains("GC", "Code", "Metaspace")
        .doesNotContain("Tracing");
  }

  @Test
  void growthSinceABaselinePerCategory() {
    NativeMemoryTracking before =
        NativeMemoryTracking.parse(
            "Total: reserved=100KB, committed=50KB\n"
                + "-                    Thread (reserved=30KB, committed=10KB)\n"
                + "-                     Other (reserved=20KB, committed=20KB)\n"
                + "-                  Internal (reserved=5KB, committed=5KB)\n");
    NativeMemoryTracking after =
        NativeMemoryTracking.parse(
            "Total: reserved=200KB, committed=150KB\n"
                + "-                    Thread (reserved=30KB, committed=12KB)\n"
                + "-                     Other (reserved=120KB, committed=120KB)\n"
                + "-                    Symbol (reserved=3KB, committed=3KB)\n");

    assertThat(after.committedGrowthSince(before))
        .containsExactly(
            Map.entry("Thread", 2L << 10),
            Map.entry("Other", 100L << 10),
            Map.entry("Symbol", 3L << 10),
            Map.entry("Internal", -5L << 10));
  }

  @Test
  void trackingOffAndGarbageAreOneLine() {
    assertThatThrownBy(
            () -> NativeMemoryTracking.parse("12:\nNative memory tracking is not enabled\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "native memory tracking is off: start the JVM with -XX:NativeMemoryTracking=summary");
    assertThatThrownBy(() -> NativeMemoryTracking.parse("Total: reserved=99999999999999999999KB"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no 'Total:");
  }
}
