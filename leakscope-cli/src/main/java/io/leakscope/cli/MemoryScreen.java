package io.leakscope.cli;

import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.watchdog.ContainerMemory;
import io.leakscope.watchdog.JvmMemory;
import io.leakscope.watchdog.MemoryFit;
import io.leakscope.watchdog.MemoryFootprint;
import io.leakscope.watchdog.NativeGrowth;
import io.leakscope.watchdog.NativeMemoryTracking;
import io.leakscope.watchdog.ProcessMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of {@code leakscope memory}: the process, its container, the JVM's categories, NMT's
 * categories when on, the verdicts and what could not be read. Pure formatting: no I/O.
 */
final class MemoryScreen {
  private static final String UNKNOWN = "?";

  private MemoryScreen() {}

  static List<String> render(MemorySample s) {
    MemoryFootprint f = s.last();
    List<String> lines = new ArrayList<>();
    lines.add(
        "leakscope memory  pid "
            + f.pid()
            + (s.description() == null ? "" : "  " + clean(s.description()))
            + (s.samples() > 1
                ? "  " + s.samples() + " samples over " + seconds(s.durationMillis())
                : ""));
    lines.add("");
    process(lines, f);
    container(lines, f);
    if (f.hostBytes() > 0) {
      lines.add(row("host", bytes(f.hostBytes()), "physical memory (MemTotal)"));
    }
    lines.add("");
    jvm(lines, s);
    nmt(lines, s);
    lines.add("");
    lines.add("verdict");
    MemoryFit fit = s.fit();
    lines.add("  fit      " + fit.summary());
    if (!fit.advice().isEmpty()) {
      lines.add("           " + fit.advice());
    }
    NativeGrowth.Verdict g = s.growth();
    if (g == null) {
      lines.add("  growth   one sample: give --for 2m (or longer) to judge native growth");
    } else {
      lines.add("  growth   " + g.summary());
      if (!g.nextStep().isEmpty()) {
        lines.add("  next     " + g.nextStep());
      }
    }
    if (!s.problems().isEmpty()) {
      lines.add("");
      lines.add("not measured");
      s.problems().forEach(p -> lines.add("  " + clean(p)));
    }
    return lines;
  }

  /**
   * The compact block {@code watch} shows under the live set: the resident memory and the heap, the
   * non-heap memory by category, the limit with its headroom, and the fit verdict; four lines, each
   * starting with a label padded as {@link WatchScreen}'s are.
   *
   * @param f the newest footprint, or null when it could not be taken
   * @param problem why it could not be taken, when {@code f} is null
   */
  static List<String> compact(MemoryFootprint f, String problem) {
    List<String> lines = new ArrayList<>();
    if (f == null) {
      lines.add("memory     not measured: " + clean(String.valueOf(problem)));
      return lines;
    }
    JvmMemory j = f.jvm();
    ProcessMemory p = f.process();
    StringBuilder memory =
        new StringBuilder("memory     RSS ").append(p == null ? UNKNOWN : bytes(p.rssBytes()));
    if (p != null && p.peakRssBytes() >= 0) {
      memory.append(" (peak ").append(bytes(p.peakRssBytes())).append(')');
    }
    if (j != null) {
      memory
          .append(", heap ")
          .append(bytes(j.heapCommittedBytes()))
          .append(" committed of ")
          .append(j.heapMaxBytes() < 0 ? "no" : bytes(j.heapMaxBytes()))
          .append(" max");
    }
    lines.add(memory.toString());
    List<String> parts = new ArrayList<>();
    if (j != null) {
      part(parts, "metaspace", j.metaspaceCommittedBytes());
      part(parts, "class space", j.compressedClassCommittedBytes());
      part(parts, "code cache", j.codeCacheCommittedBytes());
    }
    if (f.threadStackBytes() >= 0) {
      parts.add(
          "thread stacks "
              + bytes(f.threadStackBytes())
              + (f.threadStacksMeasured() ? "" : " reserved")
              + (j == null ? "" : " (" + j.threads() + " threads)"));
    }
    if (j != null) {
      part(parts, "direct", j.directBytes());
      part(parts, "mapped", j.mappedBytes());
    }
    long unaccounted = f.unaccountedBytes();
    if (unaccounted != Long.MIN_VALUE) {
      parts.add("unaccounted " + bytes(Math.max(0, unaccounted)));
    }
    lines.add(
        "non-heap   "
            + (f.nonHeapBytes() < 0 ? UNKNOWN : bytes(f.nonHeapBytes()) + " resident")
            + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));
    lines.add("limit      " + limit(f));
    MemoryFit fit = MemorySample.fitOf(f);
    lines.add("fit        " + fit.summary());
    if (!fit.advice().isEmpty()) {
      lines.add("           " + fit.advice());
    }
    return lines;
  }

  private static void part(List<String> parts, String label, long bytes) {
    if (bytes >= 0) {
      parts.add(label + " " + bytes(bytes));
    }
  }

  private static String limit(MemoryFootprint f) {
    ContainerMemory c = f.container();
    String host = f.hostBytes() > 0 ? "host " + bytes(f.hostBytes()) : "host memory unknown";
    if (c == null) {
      return "no memory cgroup found; " + host;
    }
    String where = "cgroup v" + c.version();
    if (!c.limited()) {
      return "none (" + where + "); " + host;
    }
    if (c.workingSetBytes() < 0) {
      return bytes(c.limitBytes()) + " (" + where + "), working set unknown";
    }
    return String.format(
        Locale.ROOT,
        "%s (%s), working set %s (%.0f%%), headroom %s",
        bytes(c.limitBytes()),
        where,
        bytes(c.workingSetBytes()),
        100.0 * c.workingSetBytes() / c.limitBytes(),
        bytes(c.limitBytes() - c.workingSetBytes()));
  }

  private static void process(List<String> lines, MemoryFootprint f) {
    ProcessMemory p = f.process();
    if (p == null) {
      lines.add(row("process", UNKNOWN, "RSS could not be read"));
      return;
    }
    StringBuilder note = new StringBuilder();
    if (p.anonymousBytes() >= 0) {
      note.append("anonymous ")
          .append(bytes(p.anonymousBytes()))
          .append(", files ")
          .append(bytes(p.fileBytes()))
          .append(", shared ")
          .append(bytes(p.sharedBytes()))
          .append("; ");
    }
    note.append("peak ").append(p.peakRssBytes() < 0 ? UNKNOWN : bytes(p.peakRssBytes()));
    if (p.swapBytes() > 0) {
      note.append(", swapped ").append(bytes(p.swapBytes()));
    }
    lines.add(row("RSS", bytes(p.rssBytes()), note.toString()));
  }

  private static void container(List<String> lines, MemoryFootprint f) {
    ContainerMemory c = f.container();
    if (c == null) {
      lines.add(row("container", UNKNOWN, "no memory cgroup found"));
      return;
    }
    String where = "cgroup v" + c.version() + " " + clean(c.cgroup());
    if (c.limited()) {
      lines.add(row("limit", bytes(c.limitBytes()), where));
    } else {
      lines.add(row("limit", c.limitBytes() < 0 ? UNKNOWN : "none", where));
    }
    String share =
        c.limited() && c.workingSetBytes() >= 0
            ? String.format(
                Locale.ROOT, " (%.0f%% of the limit)", 100.0 * c.workingSetBytes() / c.limitBytes())
            : "";
    lines.add(
        row(
            "working set",
            c.workingSetBytes() < 0 ? UNKNOWN : bytes(c.workingSetBytes()),
            "usage "
                + (c.usageBytes() < 0 ? UNKNOWN : bytes(c.usageBytes()))
                + " minus inactive files"
                + share
                + (c.oomKills() > 0 ? "; OOM kills so far: " + c.oomKills() : "")));
    if (c.limited() && c.workingSetBytes() >= 0) {
      lines.add(
          row("headroom", bytes(c.limitBytes() - c.workingSetBytes()), "limit − working set"));
    }
  }

  private static void jvm(List<String> lines, MemorySample s) {
    MemoryFootprint f = s.last();
    JvmMemory j = f.jvm();
    if (j == null) {
      lines.add("JVM        not measured (see below)");
      return;
    }
    Map<String, Long> growth = s.samples() > 1 ? s.growthBytes() : Map.of();
    lines.add(
        growth.isEmpty()
            ? "JVM (committed unless said)"
            : String.format(Locale.ROOT, "%-35s %11s", "JVM (committed unless said)", "growth"));
    String resident =
        f.heapResidentBytes() >= 0 ? ", " + bytes(f.heapResidentBytes()) + " resident" : "";
    lines.add(
        row(
            "  heap",
            bytes(j.heapCommittedBytes()),
            growthColumn(growth, "heap"),
            "committed"
                + resident
                + ", max "
                + (j.heapMaxBytes() < 0 ? "none" : bytes(j.heapMaxBytes()))
                + ", used "
                + bytes(j.heapUsedBytes())));
    category(lines, growth, "  metaspace", "metaspace", j.metaspaceCommittedBytes(), "");
    category(
        lines,
        growth,
        "  class space",
        "compressedClassSpace",
        j.compressedClassCommittedBytes(),
        "compressed class space");
    category(lines, growth, "  code cache", "codeCache", j.codeCacheCommittedBytes(), "");
    category(
        lines,
        growth,
        "  thread stacks",
        "threadStacks",
        f.threadStackBytes(),
        f.threadStacksMeasured()
            ? j.threads() + " threads, committed (NMT)"
            : j.threads()
                + " threads × "
                + (j.threadStackBytes() < 0 ? UNKNOWN : bytes(j.threadStackBytes()))
                + " reserved; resident only as deep as used");
    category(
        lines,
        growth,
        "  direct buffers",
        "directBuffers",
        j.directBytes(),
        count(j.directCount()));
    category(
        lines,
        growth,
        "  mapped buffers",
        "mappedBuffers",
        j.mappedBytes(),
        count(j.mappedCount()));
    category(
        lines,
        growth,
        "  non-heap",
        NativeGrowth.NON_HEAP,
        f.nonHeapBytes(),
        "resident, RSS − " + (f.heapResidentBytes() >= 0 ? "resident" : "committed") + " heap");
    long unaccounted = f.unaccountedBytes();
    String unaccountedNote =
        f.nmt() != null
            ? "anonymous RSS − NMT's committed: native libraries, malloc arenas"
            : "anonymous RSS − the above: native libraries, malloc arenas and, without NMT, the"
                + " JVM's GC, compiler and symbols";
    if (unaccounted == Long.MIN_VALUE) {
      lines.add(
          row(
              "  unaccounted",
              UNKNOWN,
              growthColumn(growth, NativeGrowth.UNACCOUNTED),
              unaccountedNote));
    } else {
      category(
          lines,
          growth,
          "  unaccounted",
          NativeGrowth.UNACCOUNTED,
          Math.max(0, unaccounted),
          unaccounted < 0
              ? "committed memory not yet touched exceeds it (" + bytes(unaccounted) + ")"
              : unaccountedNote);
    }
  }

  private static void nmt(List<String> lines, MemorySample s) {
    NativeMemoryTracking n = s.last().nmt();
    if (n == null) {
      return;
    }
    boolean withGrowth = s.samples() > 1 && s.first().nmt() != null;
    Map<String, Long> growth = withGrowth ? n.committedGrowthSince(s.first().nmt()) : Map.of();
    lines.add("");
    lines.add("native memory tracking (committed)");
    lines.add(row("  total", bytes(n.committedBytes()), withGrowth ? growthOf(n, s) : null, ""));
    for (NativeMemoryTracking.Category c : n.categories()) {
      if (c.committedBytes() < 1 << 20 && growth.getOrDefault(c.name(), 0L) == 0) {
        continue; // under a MiB and still: noise on this screen, all of it in --json
      }
      lines.add(
          row(
              "  " + clean(c.name()),
              bytes(c.committedBytes()),
              withGrowth ? growthColumn(growth, c.name()) : null,
              ""));
    }
  }

  private static void category(
      List<String> lines,
      Map<String, Long> growth,
      String label,
      String key,
      long bytes,
      String note) {
    if (bytes < 0) {
      return;
    }
    lines.add(row(label, bytes(bytes), growthColumn(growth, key), note));
  }

  /** The growth column: empty after one sample, else the growth or blank when not known. */
  private static String growthColumn(Map<String, Long> growth, String key) {
    if (growth.isEmpty()) {
      return null;
    }
    Long g = growth.get(key);
    return g == null ? "" : (g >= 0 ? "+" : "") + bytes(g);
  }

  private static String row(String label, String value, String growth, String note) {
    String left =
        growth == null
            ? String.format(Locale.ROOT, "%-24s %10s", label, value)
            : String.format(Locale.ROOT, "%-24s %10s %11s", label, value, growth);
    return note.isEmpty() ? left : left + "  " + note;
  }

  private static String growthOf(NativeMemoryTracking n, MemorySample s) {
    long g = n.committedBytes() - s.first().nmt().committedBytes();
    return (g >= 0 ? "+" : "") + bytes(g);
  }

  private static String row(String label, String value, String note) {
    return row(label, value, null, note);
  }

  private static String count(long n) {
    return n < 0 ? "" : n + (n == 1 ? " buffer" : " buffers");
  }

  private static String bytes(long b) {
    return TextReportWriter.bytes(b);
  }

  private static String seconds(long millis) {
    return millis >= 120_000 ? (millis / 60_000) + " min" : (millis / 1000) + " s";
  }

  private static String clean(String text) {
    return TextReportWriter.clean(text);
  }
}
