package io.leakscope.analysis.internal.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class ForkedTest {
  @Test
  void joinReturnsTheResultOrThrowsWhatTheStepThrew() throws IOException {
    Forked<String> ok = Forked.start("ok", () -> "done");
    Forked<String> failing =
        Forked.start(
            "failing",
            () -> {
              throw new IOException("cannot read");
            });

    assertThat(ok.join()).isEqualTo("done");
    assertThat(ok.join()).isEqualTo("done");
    assertThatThrownBy(failing::join).isInstanceOf(IOException.class).hasMessage("cannot read");
  }

  /**
   * What a step captured is not kept by the fork once the step has run: the pipeline forks steps
   * that read the dominator tree and keeps the fork in a local until the method ends, after the
   * tree is meant to be freed (it stayed, 300 MB of the 31M-object dump's peak, until this).
   */
  @Test
  void aJoinedForkDoesNotKeepWhatItsStepCaptured() throws IOException, InterruptedException {
    int[] array = new int[1 << 20];
    WeakReference<int[]> weak = new WeakReference<>(array);
    Forked<Integer> fork = forkOver(array);
    array = null;

    assertThat(fork.join()).isEqualTo(1 << 20);
    for (int i = 0; i < 20 && weak.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(weak.get()).as("the captured array, with the fork still reachable").isNull();
    assertThat(fork.join()).isEqualTo(1 << 20);
  }

  /** A fork whose step captures {@code array}, which nothing else here keeps. */
  private static Forked<Integer> forkOver(int[] array) {
    return Forked.start("captures", () -> array.length);
  }
}
