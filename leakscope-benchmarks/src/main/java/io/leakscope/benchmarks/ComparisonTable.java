package io.leakscope.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders the rows of a comparison as an aligned text table and as Markdown. Ratios are the other
 * tool's number divided by leakscope's ({@code 4.0x} = four times leakscope's time or memory), and
 * are only given when both tools finished with status {@code ok}.
 */
final class ComparisonTable {

  private static final String[] HEADER = {
    "tool",
    "status",
    "wall s",
    "process s",
    "peak RSS MB",
    "RSS/dump",
    "objects",
    "time vs ls",
    "RSS vs ls"
  };

  private final List<String[]> rows = new ArrayList<>();

  ComparisonTable(List<ToolRun> runs, long dumpBytes) {
    Optional<ToolRun> leakscope =
        runs.stream().filter(r -> r.tool().equals("leakscope") && r.ok()).findFirst();
    for (ToolRun run : runs) {
      boolean known = run.peakRssKb() > 0;
      String bound = run.rssSampled() ? ">=" : "";
      rows.add(
          new String[] {
            run.tool(),
            run.status(),
            String.format("%.1f", run.wallMillis() / 1000.0),
            String.format("%.1f", run.processMillis() / 1000.0),
            known ? bound + String.format("%,d", run.peakRssKb() / 1024) : "?",
            known ? bound + String.format("%.2f", run.peakRssKb() * 1024.0 / dumpBytes) : "?",
            run.objects() >= 0 ? String.format("%,d", run.objects()) : "?",
            ratio(run, leakscope, true),
            ratio(run, leakscope, false)
          });
    }
  }

  private static String ratio(ToolRun run, Optional<ToolRun> leakscope, boolean time) {
    if (leakscope.isEmpty() || !run.ok()) {
      return "n/a";
    }
    double mine = time ? run.wallMillis() : run.peakRssKb();
    double base = time ? leakscope.get().wallMillis() : leakscope.get().peakRssKb();
    return base > 0 ? String.format("%.2fx", mine / base) : "n/a";
  }

  String asText() {
    int[] widths = new int[HEADER.length];
    List<String[]> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    for (String[] row : all) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : all) {
      for (int i = 0; i < row.length; i++) {
        String format = i < 2 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
        text.append(String.format(format, row[i])).append(i + 1 < row.length ? "  " : "\n");
      }
    }
    return text.toString();
  }

  String asMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
    md.append("|---|---|").append("---:|".repeat(HEADER.length - 2)).append('\n');
    for (String[] row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    md.append(
        "\n"
            + "wall s: the runner's own time for the work; process s: child JVM start to exit. Peak"
            + " RSS: VmHWM of the child at the end of its main (`>=`: sampled from outside because"
            + " the runner reported none). Ratios: the tool's number divided by leakscope's.\n");
    return md.toString();
  }
}
