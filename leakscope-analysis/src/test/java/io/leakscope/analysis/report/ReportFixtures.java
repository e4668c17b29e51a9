package io.leakscope.analysis.report;

import java.util.ArrayList;
import java.util.List;

/** Small reports for renderer tests. */
final class ReportFixtures {
  private ReportFixtures() {}

  static DumpSummary dump() {
    return new DumpSummary(
        "/tmp/service.hprof",
        1_503_238_553L,
        "JAVA PROFILE 1.0.2",
        8,
        false,
        1_700_000_000_000L,
        12_345_678,
        5_432,
        3_210,
        11_000_000,
        1_345_678,
        47_185_920,
        0,
        1_288_490_189L,
        true,
        true,
        8);
  }

  static List<HistogramRow> histogram(int rows) {
    List<HistogramRow> list = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      list.add(new HistogramRow("com.acme.Class" + i, 1000 - i, 100_000L - i, 200_000L - i));
    }
    return list;
  }

  static DominatorEntry dominator(String className, List<String> path) {
    return new DominatorEntry("0x7f001230", className, 48, 314_572_800L, path);
  }

  static Suspect suspect(Long growth) {
    return new Suspect(
        1,
        "com.acme.Registry.sessions holds 1,234 com.acme.Session",
        "com.acme.Registry.sessions",
        "com.acme.Session",
        1_234,
        314_572_800L,
        growth,
        List.of("static com.acme.Registry.sessions", "java.util.HashMap.table"),
        "Sessions are added on login and never removed.\nCheck logout.");
  }

  static AnalysisReport report(
      List<HistogramRow> histogram, List<DominatorEntry> dominators, List<Suspect> suspects) {
    return new AnalysisReport(
        dump(), histogram, dominators, suspects, new Timings(1234, 567, 2001));
  }
}
