package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.heap.IndexLimitException;
import io.leakscope.hprof.HprofFormatException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AnalysisFailuresTest {
  /**
   * A dump past what an index holds is sound: the user is told it is too big, with the dump's name,
   * and the command fails with the general exit code, not the one for a damaged dump.
   */
  @Test
  void aDumpPastTheIndexLimitIsNotCalledBad() {
    assertThatThrownBy(
            () ->
                AnalysisFailures.run(
                    () -> {
                      throw new IndexLimitException(123, "the dump holds more than 5 objects")
                          .withDump(Path.of("big.hprof"));
                    },
                    e -> "bad heap dump: " + e.getMessage(),
                    "analyzing big.hprof",
                    null))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            f -> {
              assertThat(f.exitCode()).isEqualTo(Main.EXIT_FAILURE);
              assertThat(f.getMessage())
                  .isEqualTo(
                      "cannot analyze big.hprof: the dump holds more than 5 objects; its objects"
                          + " by class, in one pass whatever their count: leakscope histogram"
                          + " big.hprof");
            });
  }

  @Test
  void aMalformedDumpIsStillBad() {
    assertThatThrownBy(
            () ->
                AnalysisFailures.run(
                    () -> {
                      throw new HprofFormatException(9, null, "a record runs past the end");
                    },
                    e -> "bad heap dump: " + e.getMessage(),
                    "analyzing x.hprof",
                    null))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            f -> {
              assertThat(f.exitCode()).isEqualTo(Main.EXIT_BAD_DUMP);
              assertThat(f.getMessage())
                  .startsWith("bad heap dump: ")
                  .contains("runs past the end");
            });
  }
}
