package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.paths.GcRootPathFinder;
import io.leakscope.analysis.report.Suspect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the findings of every finder into the report's suspects, once paths are known. */
public final class SuspectRanking {
  private SuspectRanking() {}

  /**
   * Findings of every kind as suspects, largest first. An accumulation inside a thread-local value
   * is left out when the thread-local finder reported that value's ThreadLocal, and one held where
   * old class loaders are held is left out for the class-loader suspect: those name what to fix.
   */
  public static List<Suspect> rank(
      List<Finding> findings, GcRootPathFinder paths, long reachableBytes, int maxSuspects)
      throws IOException {
    boolean threadLocals =
        findings.stream().anyMatch(f -> f.kind().equals(Suspect.KIND_THREAD_LOCAL));
    Set<String> loaderHolders = new HashSet<>();
    for (Finding f : findings) {
      if (f.kind().equals(Suspect.KIND_CLASS_LOADER)) {
        loaderHolders.add(f.holder());
      }
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparingLong(Finding::retained).reversed());
    List<Suspect> out = new ArrayList<>();
    for (Finding f : sorted) {
      if (out.size() == maxSuspects) {
        break;
      }
      List<String> path = paths.describePath(f.target());
      if (threadLocals
          && f.kind().equals(Suspect.KIND_ACCUMULATION)
          && path.contains("java.lang.ThreadLocal$ThreadLocalMap$Entry.value")) {
        continue;
      }
      String holder = f.holder() != null ? f.holder() : LeakSuspectFinder.holder(path);
      if (f.kind().equals(Suspect.KIND_ACCUMULATION) && loaderHolders.contains(holder)) {
        continue; // the class-loader suspect of the same holder says more
      }
      String percent = String.format("%.0f%%", 100.0 * f.retained() / Math.max(1, reachableBytes));
      out.add(
          new Suspect(
              out.size() + 1,
              Finding.fill(f.title(), holder, percent),
              holder,
              f.accumulatedClass(),
              f.instances(),
              f.retained(),
              null,
              path,
              Finding.fill(f.explanation(), holder, percent),
              f.kind(),
              List.of(),
              f.threads(),
              f.stack()));
    }
    return out;
  }
}
