package io.leakscope.analysis.internal.growth;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.Suspect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the suspects of the newest dump by how they grew since older dumps of the same service.
 *
 * <p>Design note. Object addresses change between dumps (a moving GC), so holders are matched by a
 * stable signature: the holder field, already a path with collection internals left out ({@code
 * com.acme.Registry.sessions}, not {@code …HashMap.table[12]}), plus the class that accumulates.
 * For each suspect of the newest dump the retained bytes form a series over the dumps in time order
 * (0 where a dump has no such holder). A holder that grew at every step ranks first, then by bytes
 * grown since the oldest dump; a suspect that did not grow is kept only while it retains a large
 * share of the heap, so that a small leak that grows every time outranks a big, stable cache.
 */
public final class SuspectGrowth {
  private SuspectGrowth() {}

  public static AnalysisReport rank(
      AnalysisReport newest, List<AnalysisReport> older, double bigShare) {
    List<AnalysisReport> oldestFirst = new ArrayList<>(older);
    oldestFirst.sort(Comparator.comparingLong(r -> r.dump().timestampMillis()));
    List<Map<String, Suspect>> bySignature = new ArrayList<>();
    for (AnalysisReport r : oldestFirst) {
      Map<String, Suspect> m = new HashMap<>();
      for (Suspect s : r.suspects()) {
        m.merge(signature(s), s, (a, b) -> a.retainedBytes() >= b.retainedBytes() ? a : b);
      }
      bySignature.add(m);
    }
    long reachable = newest.dump().totalShallowBytes() - newest.dump().unreachableBytes();
    List<Ranked> ranked = new ArrayList<>();
    for (Suspect s : newest.suspects()) {
      long[] series = new long[oldestFirst.size() + 1];
      long oldestInstances = 0;
      for (int i = 0; i < oldestFirst.size(); i++) {
        Suspect then = bySignature.get(i).get(signature(s));
        series[i] = then == null ? 0 : then.retainedBytes();
        if (i == 0 && then != null) {
          oldestInstances = then.instances();
        }
      }
      series[series.length - 1] = s.retainedBytes();
      boolean everyTime = true;
      for (int i = 1; i < series.length; i++) {
        everyTime &= series[i] > series[i - 1];
      }
      long growth = s.retainedBytes() - series[0];
      if (growth > 0 || s.retainedBytes() >= bigShare * reachable) {
        ranked.add(new Ranked(s, growth, everyTime, s.instances() - oldestInstances, series));
      }
    }
    ranked.sort(
        Comparator.comparing((Ranked r) -> !r.everyTime)
            .thenComparing(Comparator.comparingLong((Ranked r) -> r.growth).reversed())
            .thenComparing(
                Comparator.comparingLong((Ranked r) -> r.suspect.retainedBytes()).reversed()));
    List<Suspect> out = new ArrayList<>();
    for (Ranked r : ranked) {
      Suspect s = r.suspect;
      String trend =
          r.growth > 0
              ? (r.series.length == 2
                      ? "grew between the two dumps"
                      : (r.everyTime ? "grew in every one of " : "grew over ")
                          + r.series.length
                          + " dumps")
                  + ": "
                  + signed(r.growth)
                  + " bytes, "
                  + signed(r.instanceGrowth)
                  + " instances"
              : "did not grow over " + r.series.length + " dumps";
      List<Long> series = new ArrayList<>();
      for (long b : r.series) {
        series.add(b);
      }
      out.add(
          s.withGrowth(
              out.size() + 1,
              s.title() + ", " + trend,
              r.growth,
              series,
              s.explanation() + " It " + trend + "."));
    }
    List<DumpSummary> baselines = new ArrayList<>();
    for (AnalysisReport r : oldestFirst) {
      baselines.add(r.dump());
    }
    return newest.withSuspects(out, baselines);
  }

  /** What identifies a holder across dumps: its field and the class that accumulates there. */
  static String signature(Suspect s) {
    return s.holder() + " | " + s.accumulatedClass();
  }

  private static String signed(long v) {
    return (v >= 0 ? "+" : "") + String.format("%,d", v);
  }

  private record Ranked(
      Suspect suspect, long growth, boolean everyTime, long instanceGrowth, long[] series) {}
}
