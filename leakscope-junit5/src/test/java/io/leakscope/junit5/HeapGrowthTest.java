package io.leakscope.junit5;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeapGrowthTest {

  /** Stands in for a cache that is never evicted. */
  private static final List<Object> CACHE = new ArrayList<>();

  /** A distinct class, so the failure message can be checked for its name. */
  static final class CachedEntry {
    final long[] payload = new long[16];
  }

  @AfterEach
  void clearCache() {
    CACHE.clear();
  }

  @Test
  void bodyThatKeepsWhatItCreatesFailsNamingTheClass() {
    assertThatThrownBy(
            () -> LeakAssertions.assertNoHeapGrowth(4_000, () -> CACHE.add(new CachedEntry())))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("heap grew steadily while the body ran 4000 times")
        .hasMessageContaining("    " + CachedEntry.class.getName() + " +")
        .hasMessageContaining("    [J +");
  }

  @Test
  void bodyThatOnlyMakesGarbagePasses() {
    assertThatCode(
            () ->
                LeakAssertions.assertNoHeapGrowth(
                    4_000,
                    () -> {
                      List<CachedEntry> scratch = new ArrayList<>();
                      scratch.add(new CachedEntry());
                      if (scratch.size() != 1) {
                        throw new IllegalStateException();
                      }
                    }))
        .doesNotThrowAnyException();
  }

  @Test
  void tooFewIterationsAreRejected() {
    assertThatThrownBy(() -> LeakAssertions.assertNoHeapGrowth(3, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("iterations: 3 (expected: 4+)");
  }
}
