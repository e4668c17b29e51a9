package io.leakscope.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.internal.suspects.LeakSuspectFinder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathStepsTest {
  private static final String STACK = "java.util.concurrent.CompletableFuture.stack";
  private static final String DEP = "java.util.concurrent.CompletableFuture$UniCompletion.dep";

  /** A path of a root, {@code links} repeats of {@code cycle}, and a last step. */
  private static List<String> path(int links, String... cycle) {
    List<String> out = new ArrayList<>(List.of("static a.Poller.IN_FLIGHT"));
    for (int i = 0; i < links; i++) {
      out.addAll(List.of(cycle));
    }
    out.add("a.Status.detail");
    return out;
  }

  @Test
  void aRunOfTwoStepsIsKeptAtEachEndWithTheCountBetween() {
    List<String> folded = PathSteps.fold(path(18_000, STACK, DEP));
    assertThat(folded)
        .containsExactly(
            "static a.Poller.IN_FLIGHT",
            STACK,
            DEP,
            "(the same 2 steps 17,998 more times)",
            STACK,
            DEP,
            "a.Status.detail");
    // the step between is never read as a field (a holder's name)
    assertThat(LeakSuspectFinder.isField(folded.get(3))).isFalse();
  }

  @Test
  void aRunOfOneStepIsFoldedAsOneStep() {
    String next = "java.util.LinkedList$Node.next";
    assertThat(PathSteps.fold(path(6, next)))
        .containsExactly(
            "static a.Poller.IN_FLIGHT",
            next,
            "(the same step 4 more times)",
            next,
            "a.Status.detail");
  }

  @Test
  void fewerThanFourRepeatsAreLeftAsTheyAre() {
    List<String> path = path(3, STACK, DEP);
    assertThat(PathSteps.fold(path)).isEqualTo(path);
    List<String> steps =
        List.of("static a.A.x", "java.util.HashMap.table", "java.util.HashMap$Node[3]", "a.B.y");
    assertThat(PathSteps.fold(steps)).isEqualTo(steps);
  }

  @Test
  void foldingAFoldedPathChangesNothing() {
    List<String> once = PathSteps.fold(path(500, STACK, DEP));
    assertThat(PathSteps.fold(once)).isEqualTo(once);
  }

  /** Brute force: unfolding what fold says gives the path back, for runs of every period. */
  @Test
  void theFoldedPathSaysExactlyWhatItLeftOut() {
    for (int period = 1; period <= 4; period++) {
      for (int links = 1; links <= 12; links++) {
        String[] cycle = new String[period];
        for (int i = 0; i < period; i++) {
          cycle[i] = "a.Link" + i + ".next";
        }
        List<String> path = path(links, cycle);
        assertThat(unfold(PathSteps.fold(path))).as("%d × %d", links, period).isEqualTo(path);
      }
    }
  }

  private static List<String> unfold(List<String> folded) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < folded.size(); i++) {
      String step = folded.get(i);
      if (!step.startsWith("(the same ")) {
        out.add(step);
        continue;
      }
      String[] words = step.split(" ");
      int period = words[2].equals("step") ? 1 : Integer.parseInt(words[2]);
      int times = Integer.parseInt(words[words[2].equals("step") ? 3 : 4].replace(",", ""));
      List<String> cycle = out.subList(out.size() - period, out.size());
      List<String> copy = List.copyOf(cycle);
      for (int t = 0; t < times; t++) {
        out.addAll(copy);
      }
    }
    return out;
  }
}
