package io.leakscope.analysis.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths from a GC root as a report gives them: a run of steps that repeats (the nodes of a linked
 * list, a chain of futures each completed by the next) is given once at each end, with one step
 * between that says how many times it repeats. A chain of 18,000 futures made a path of 36,000
 * steps, half a megabyte of one suspect's JSON, where two links say as much.
 */
public final class PathSteps {
  private PathSteps() {}

  /** The longest cycle of steps looked for. */
  static final int MAX_PERIOD = 4;

  /** Repeats a cycle needs to be folded: it is kept twice, and the step between says the rest. */
  static final int MIN_REPEATS = 4;

  /**
   * {@code path} with each run of at least {@value #MIN_REPEATS} repeats of a cycle of at most
   * {@value #MAX_PERIOD} steps folded: the cycle, then {@code "(the same N steps M more times)"},
   * then the cycle again. The step between has no dot, so it never reads as a field. Folding a
   * folded path changes nothing. Cost: linear in the path's length times {@value #MAX_PERIOD}.
   */
  public static List<String> fold(List<String> path) {
    if (path.size() < 2 * MIN_REPEATS) {
      return List.copyOf(path);
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < path.size()) {
      int period = 0;
      int repeats = 0;
      for (int p = 1; p <= MAX_PERIOD && period == 0; p++) {
        int r = repeatsAt(path, i, p);
        if (r >= MIN_REPEATS) {
          period = p;
          repeats = r;
        }
      }
      if (period == 0) {
        out.add(path.get(i++));
        continue;
      }
      out.addAll(path.subList(i, i + period));
      out.add(
          "(the same "
              + (period == 1 ? "step " : period + " steps ")
              + String.format(java.util.Locale.ROOT, "%,d", repeats - 2)
              + " more times)");
      out.addAll(path.subList(i + (repeats - 1) * period, i + repeats * period));
      i += repeats * period;
    }
    return List.copyOf(out);
  }

  /** How many times the {@code period} steps at {@code from} repeat back to back from there. */
  private static int repeatsAt(List<String> path, int from, int period) {
    int repeats = 1;
    for (int at = from + period; at + period <= path.size(); at += period) {
      if (!path.subList(at, at + period).equals(path.subList(from, from + period))) {
        break;
      }
      repeats++;
    }
    return repeats;
  }
}
