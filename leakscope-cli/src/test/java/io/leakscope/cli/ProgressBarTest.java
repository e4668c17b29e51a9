package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final StringWriter err = new StringWriter();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ProgressBar bar = new ProgressBar(new PrintWriter(err), nanos::get);

  @Test
  void rendersPhaseBarAndPercentage() {
    assertThat(ProgressBar.render("reading", 43, 100))
        .isEqualTo("reading [############------------------] 43%");
    assertThat(ProgressBar.render("dominators", 7, 7)).endsWith("#] 100%");
    assertThat(ProgressBar.render("reading", 200, 100)).endsWith("] 100%");
  }

  @Test
  void unknownTotalShowsACount() {
    assertThat(ProgressBar.render("indexing", 1_234_567, -1)).isEqualTo("indexing ... 1,234,567");
  }

  @Test
  void redrawsAtMostTenTimesASecondWithinAPhase() {
    bar.update("reading", 1, 100);
    bar.update("reading", 2, 100);
    nanos.addAndGet(50_000_000L);
    bar.update("reading", 3, 100);
    nanos.addAndGet(60_000_000L);
    bar.update("reading", 4, 100);

    assertThat(err.toString().chars().filter(c -> c == '\r')).hasSize(2);
    assertThat(err.toString()).contains("1%").contains("4%").doesNotContain("2%", "3%");
  }

  @Test
  void aNewPhaseIsDrawnAtOnceAndOverwritesALongerLine() {
    bar.update("dominators", 1, 2);
    bar.update("paths", 1, 2);

    String[] frames = err.toString().split("\r");
    assertThat(frames).hasSize(3);
    assertThat(frames[2]).startsWith("paths [").hasSize(frames[1].length());
  }

  @Test
  void finishErasesTheLine() {
    bar.update("reading", 50, 100);
    int length = ProgressBar.render("reading", 50, 100).length();

    bar.finish();

    assertThat(err.toString()).endsWith("\r" + " ".repeat(length) + "\r");
  }

  @Test
  void finishWithoutProgressPrintsNothing() {
    bar.finish();

    assertThat(err.toString()).isEmpty();
  }
}
