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
  void timeLeftFollowsThePhasesOwnRateOnceItHasRunTwoSeconds() {
    bar.update("reading (1/2)", 0, 1000);
    nanos.addAndGet(1_000_000_000L);
    bar.update("reading (1/2)", 100, 1000); // too early to say
    nanos.addAndGet(1_000_000_000L);
    bar.update("reading (1/2)", 200, 1000); // 200 in 2 s: 800 more take 8 s
    nanos.addAndGet(1_000_000_000L);
    bar.update("dominators", 300, 400); // a new phase starts its own clock
    nanos.addAndGet(3_000_000_000L);
    bar.update("dominators", 330, 400); // 30 in 3 s: 70 more take 7 s
    nanos.addAndGet(1_000_000_000L);
    bar.update("dominators", 400, 400); // done: nothing left to estimate

    // each frame is padded over the rest of a longer one before it
    String[] frames = err.toString().split("\r");
    assertThat(frames[2].strip()).endsWith("] 10%");
    assertThat(frames[3].strip()).endsWith("] 20%, about 8 s left");
    assertThat(frames[4].strip()).endsWith("] 75%");
    assertThat(frames[5].strip()).startsWith("dominators [").endsWith("] 82%, about 7 s left");
    assertThat(frames[6].strip()).endsWith("] 100%");
  }

  @Test
  void theSamePhaseStartedAgainStartsItsClockAgain() {
    bar.update("reading (1/2)", 0, 100);
    nanos.addAndGet(10_000_000_000L);
    bar.update("reading (1/2)", 100, 100);
    bar.update("reading (1/2)", 5, 100); // the baseline's dump: done went back
    nanos.addAndGet(2_000_000_000L);
    bar.update("reading (1/2)", 15, 100); // 10 in 2 s: 85 more take 17 s

    String[] frames = err.toString().split("\r");
    assertThat(frames[frames.length - 1].strip()).endsWith("] 15%, about 17 s left");
  }

  @Test
  void durationsAreReadable() {
    assertThat(ProgressBar.duration(1)).isEqualTo("1 s");
    assertThat(ProgressBar.duration(59_000_000_000L)).isEqualTo("59 s");
    assertThat(ProgressBar.duration(185_000_000_000L)).isEqualTo("3 min 05 s");
    assertThat(ProgressBar.duration(3_720_000_000_000L)).isEqualTo("1 h 02 min");
  }

  @Test
  void finishWithoutProgressPrintsNothing() {
    bar.finish();

    assertThat(err.toString()).isEmpty();
  }
}
