package io.leakscope.analysis.report;

import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link AnalysisReport} for a person to read in a terminal: a summary of the dump, the
 * leak suspects (or a line saying there are none) with their paths from a GC root, the biggest
 * objects by retained size, the biggest classes, memory waste found by the inspections, and the
 * timings.
 *
 * <p>Sizes use binary units (1 KB = 1024 bytes, as {@code -Xmx} does); the report's first line says
 * so. Names from the dump are printed with control, bidi-override and line-separator characters
 * escaped as {@code \}{@code uXXXX}, so a hostile class name cannot move the cursor or reorder the
 * text in a terminal.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TextReportWriter {
  /** How many histogram rows are shown by default. */
  public static final int DEFAULT_TOP_CLASSES = 20;

  /** Paths longer than this are shown as their first and last steps. */
  private static final int MAX_PATH_STEPS = 16;

  private static final int PATH_HEAD = 6;
  private static final int PATH_TAIL = 8;

  /** Deeper steps of a path are not indented further, so long paths stay on screen. */
  private static final int MAX_PATH_INDENT = 12;

  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

  private final int topClasses;

  /** Creates a writer that shows the {@value #DEFAULT_TOP_CLASSES} biggest classes. */
  public TextReportWriter() {
    this(DEFAULT_TOP_CLASSES);
  }

  /**
   * Creates a writer that shows the {@code topClasses} biggest classes.
   *
   * @throws IllegalArgumentException if {@code topClasses < 1}
   */
  public TextReportWriter(int topClasses) {
    if (topClasses < 1) {
      throw new IllegalArgumentException("topClasses: " + topClasses + " (expected: 1+)");
    }
    this.topClasses = topClasses;
  }

  /**
   * Writes {@code report} to {@code out}. Does not flush or close {@code out}.
   *
   * @param report the report, not null
   * @param out where to write, not null
   * @throws IOException if {@code out} fails
   */
  public void write(AnalysisReport report, Writer out) throws IOException {
    Lines lines = new Lines(out);
    lines.add("leakscope heap report (sizes in binary units: 1 KB = 1024 bytes)");
    lines.add("");
    if (report.dump().truncated() != null) {
      // first, so that nobody reads the numbers below as those of the whole heap
      lines.add(report.dump().truncated().describe());
      lines.add("");
    }
    writeSummary(report.dump(), report.histogram().size(), lines);
    // what a person acts on comes first; the raw numbers follow
    if (report.suspects().isEmpty()) {
      // said, as the HTML page says it: no section could be read as a part left out
      lines.add("Leak suspects");
      lines.add(
          report.baselines().isEmpty()
              ? "   none: no single holder retains a large share of the heap"
              : "   none: nothing grew since the older dumps or retains a large share of the heap");
      lines.add("");
    } else {
      writeSuspects(report.suspects(), lines);
    }
    if (report.dominatorTree().isEmpty()) {
      writeDominators(report.dominators(), lines);
    } else {
      writeTopLevel(report.dominatorTree(), report.dominators().size(), lines);
    }
    writeHistogram(report.histogram(), lines);
    writeNativeMemory(report.nativeMemory(), lines);
    writeInspections(report.inspections(), lines);
    Timings t = report.timings();
    lines.add(
        "Timings: parse "
            + count(t.parseMillis())
            + " ms, dominators "
            + count(t.dominatorMillis())
            + " ms, total "
            + count(t.totalMillis())
            + " ms (of which suspects "
            + count(t.suspectMillis())
            + " ms, inspections "
            + count(t.inspectionMillis())
            + " ms)");
  }

  /**
   * Writes only the leak suspects part of {@link #write(AnalysisReport, Writer)}: the heading and
   * each suspect, exactly as there; nothing when the report has no suspects. Does not flush or
   * close {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  public void writeSuspects(AnalysisReport report, Writer out) throws IOException {
    writeSuspects(report.suspects(), new Lines(out));
  }

  /** How many class rows {@link #write(DiffReport, Writer)} shows. */
  private static final int DIFF_ROWS = 30;

  /**
   * Writes the report of {@code leakscope diff}: both dumps, the classes that gained most, and the
   * holders that grew. Does not flush or close {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  public void write(DiffReport report, Writer out) throws IOException {
    Lines lines = new Lines(out);
    lines.add("leakscope heap diff (sizes in binary units: 1 KB = 1024 bytes)");
    lines.add("");
    for (boolean older : new boolean[] {true, false}) {
      DumpSummary d = older ? report.older() : report.newer();
      String taken =
          d.timestampMillis() > 0 ? ", taken " + Instant.ofEpochMilli(d.timestampMillis()) : "";
      lines.add(
          (older ? "  older  " : "  newer  ")
              + clean(d.path())
              + taken
              + ": "
              + count(d.objects())
              + " objects, "
              + bytes(d.totalShallowBytes()));
    }
    long objects = report.newer().objects() - report.older().objects();
    long heap = report.newer().totalShallowBytes() - report.older().totalShallowBytes();
    lines.add("  change " + signedCount(objects) + " objects, " + signedBytes(heap));
    lines.add("");
    writeSuspects("Holders that grew", report.growingHolders(), lines);
    if (report.growingHolders().isEmpty()) {
      lines.add("No holder grew between the dumps.");
      lines.add("");
    }
    List<ClassDelta> classes = report.classes();
    lines.add(
        "Classes that changed most ("
            + count(Math.min(DIFF_ROWS, classes.size()))
            + " of "
            + count(classes.size())
            + ")");
    lines.add(
        String.format(Locale.ROOT, "  %14s %14s %12s  %s", "bytes", "instances", "now", "class"));
    for (ClassDelta c : classes.subList(0, Math.min(DIFF_ROWS, classes.size()))) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %14s %14s %12s  %s",
              signedBytes(c.shallowBytesDelta()),
              signedCount(c.instancesDelta()),
              count(c.instancesAfter()),
              clean(c.className())));
    }
    lines.add("");
  }

  private static String signedBytes(long delta) {
    return (delta >= 0 ? "+" : "-") + bytes(Math.abs(delta));
  }

  private static String signedCount(long delta) {
    return (delta >= 0 ? "+" : "-") + count(Math.abs(delta));
  }

  private static void writeSummary(DumpSummary d, int classesWithInstances, Lines lines)
      throws IOException {
    fileLines(d.path(), d.bytes(), d.gzip(), d.format(), d.idSize(), d.timestampMillis(), lines);
    lines.add(
        "  objects    "
            + count(d.objects())
            + " ("
            + count(d.reachableObjects())
            + " reachable, "
            + count(d.unreachableObjects())
            + " unreachable: "
            + bytes(d.unreachableBytes())
            + ")");
    if (shown(d)) {
      lines.add(
          "             the unreachable hang from objects no strong reference in the dump refers"
              + " to, most from:");
      int width =
          d.unreachableFrom().stream().mapToInt(u -> bytes(u.bytes()).length()).max().orElse(0);
      for (UnreachableStart u : d.unreachableFrom()) {
        lines.add(
            "               "
                + " ".repeat(width - bytes(u.bytes()).length())
                + bytes(u.bytes())
                + " ("
                + count(u.objects())
                + (u.objects() == 1 ? " object) from " : " objects) from ")
                + count(u.starts())
                + " x "
                + clean(u.className())
                + referencedThrough(u));
      }
    }
    lines.add("  classes    " + classCounts(d.classes(), classesWithInstances));
    lines.add("  GC roots   " + count(d.gcRoots()));
    lines.add(layout(d.compressedOops(), d.compressedClassPointers(), d.objectAlignment()));
    lines.add("  heap size  " + bytes(d.totalShallowBytes()) + " (all objects, shallow)");
    String application =
        d.mainClass() == null
            ? null
            : ApplicationPackages.applicationPrefixOf(d.mainClass(), List.of());
    if (application != null) {
      lines.add(
          "  main class "
              + d.mainClass()
              + " (the application: "
              + application
              + "*; other packages are libraries)");
    }
    if (shown(d)) {
      lines.add("  note       " + UNREACHABLE_NOTE);
    }
    if (d.missingReferences() > 0) {
      lines.add(
          "  note       "
              + count(d.missingReferences())
              + (d.truncated() != null
                  ? " references to objects missing from the dump were ignored: most to objects"
                      + " lost in the cut"
                  : " references to objects missing from the dump were ignored: normal for"
                      + " HotSpot dumps (class metadata, objects freed while dumping), nothing to"
                      + " act on"));
    }
    lines.add("");
  }

  /**
   * What unreachable objects are, said when they are 1% of the heap or more. The HTML report says
   * the same.
   */
  static final String UNREACHABLE_NOTE =
      "in a dump of live objects (jcmd's default; a dump on OutOfMemoryError follows a full"
          + " collection) unreachable objects are alive: held only through soft or weak"
          + " references (soft ones the collector clears when it needs the memory), or by what"
          + " HotSpot does not write to the dump, such as the fields of class objects"
          + " (ClassValue maps, reflection data, annotations). No suspect counts them. In a dump"
          + " of all objects they are also garbage not yet collected";

  /** How many of a group's starts a soft or a weak reference refers to, if any. */
  private static String referencedThrough(UnreachableStart u) {
    List<String> through = new ArrayList<>();
    if (u.softlyReferenced() != null && u.softlyReferenced() > 0) {
      through.add(count(u.softlyReferenced()) + " by soft references");
    }
    if (u.weaklyReferenced() != null && u.weaklyReferenced() > 0) {
      through.add(count(u.weaklyReferenced()) + " by weak ones");
    }
    return through.isEmpty() ? "" : ", referred to " + String.join(", ", through);
  }

  /** Whether the summary says where the unreachable objects hang from: 1% of the heap or more. */
  private static boolean shown(DumpSummary d) {
    return !d.unreachableFrom().isEmpty() && d.unreachableBytes() * 100 >= d.totalShallowBytes();
  }

  /** The heading of the dump's summary and its lines about the file. */
  private static void fileLines(
      String path,
      long bytes,
      boolean gzip,
      String format,
      int idSize,
      long timestampMillis,
      Lines lines)
      throws IOException {
    lines.add("Heap dump");
    lines.add("  file       " + clean(path));
    lines.add("  size       " + bytes(bytes) + " on disk" + (gzip ? " (gzip)" : ""));
    String taken = timestampMillis > 0 ? ", taken " + Instant.ofEpochMilli(timestampMillis) : "";
    lines.add("  format     " + clean(format) + ", " + idSize + "-byte ids" + taken);
  }

  /**
   * Writes rows of cells, each cell but the last right-aligned in its column, the last (a name) as
   * it is.
   */
  private static void table(List<String[]> cells, Lines lines) throws IOException {
    int columns = cells.get(0).length - 1;
    int[] widths = new int[columns];
    for (String[] row : cells) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < columns; i++) {
        line.append(" ".repeat(widths[i] - row[i].length())).append(row[i]).append("  ");
      }
      lines.add(line.append(row[columns]).toString());
    }
  }

  private static String layout(
      boolean compressedOops, boolean compressedClassPointers, int objectAlignment) {
    return "  layout     "
        + (compressedOops ? "compressed oops" : "uncompressed oops")
        + ", "
        + (compressedClassPointers ? "compressed" : "uncompressed")
        + " class pointers, "
        + objectAlignment
        + "-byte alignment (inferred)";
  }

  /**
   * Writes the report of {@code leakscope histogram}: the dump, then every class with instances (or
   * the {@code topClasses} biggest, if fewer), biggest shallow bytes first, with exact byte counts
   * as {@code jcmd GC.class_histogram} prints them. Does not flush or close {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  public void write(HistogramReport report, Writer out) throws IOException {
    Lines lines = new Lines(out);
    HistogramReport.Dump d = report.dump();
    lines.add("leakscope class histogram (sizes in binary units: 1 KB = 1024 bytes)");
    lines.add("");
    if (d.truncated() != null) {
      lines.add(d.truncated().describe("counted"));
      lines.add("");
    }
    fileLines(d.path(), d.bytes(), d.gzip(), d.format(), d.idSize(), d.timestampMillis(), lines);
    lines.add("  objects    " + count(d.objects()) + " (reachable or not: no object graph here)");
    lines.add("  classes    " + classCounts(d.classes(), report.histogram().size()));
    lines.add(layout(d.compressedOops(), d.compressedClassPointers(), d.objectAlignment()));
    lines.add("  heap size  " + bytes(d.totalShallowBytes()) + " (all objects, shallow)");
    lines.add("");
    List<HistogramReport.Row> rows =
        report.histogram().subList(0, Math.min(topClasses, report.histogram().size()));
    lines.add(
        "Classes by shallow size ("
            + (rows.size() == report.histogram().size()
                ? "all " + count(rows.size())
                : "top " + count(rows.size()) + " of " + count(report.histogram().size()))
            + ")");
    List<String[]> cells = new ArrayList<>(rows.size() + 1);
    cells.add(new String[] {"#", "instances", "bytes", "", "class"});
    int rank = 0;
    for (HistogramReport.Row row : rows) {
      cells.add(
          new String[] {
            ++rank + ":",
            Long.toString(row.instances()),
            Long.toString(row.shallowBytes()),
            "(" + bytes(row.shallowBytes()) + ")",
            clean(row.className())
          });
    }
    table(cells, lines);
    lines.add("");
    lines.add("Timings: total " + count(report.millis()) + " ms");
  }

  /**
   * The classes of the dump and those with instances (one histogram row each), as the HTML report
   * says it.
   */
  static String classCounts(long inDump, int withInstances) {
    return count(inDump) + " in the dump, " + count(withInstances) + " with instances";
  }

  private void writeHistogram(List<HistogramRow> histogram, Lines lines) throws IOException {
    List<HistogramRow> rows = histogram.subList(0, Math.min(topClasses, histogram.size()));
    lines.add(
        "Biggest classes by shallow size (top "
            + rows.size()
            + " of "
            + count(histogram.size())
            + " classes with instances)");
    List<String[]> cells = new ArrayList<>(rows.size() + 1);
    cells.add(new String[] {"instances", "shallow", "retained", "class"});
    for (HistogramRow row : rows) {
      cells.add(
          new String[] {
            count(row.instances()),
            bytes(row.shallowBytes()),
            bytes(row.retainedBytes()),
            clean(row.className())
          });
    }
    table(cells, lines);
    if (!rows.isEmpty()) {
      lines.add("  (retained: freed at least, if every instance of the class became unreachable)");
    }
    lines.add("");
  }

  /**
   * The biggest top-level dominators, as Eclipse MAT's dominator tree shows them: objects that
   * nothing but the GC roots keeps alive, each once (a chain of objects that dominate one another
   * is one entry), with the biggest object each retains.
   */
  private static void writeTopLevel(List<DominatorNode> tree, int top, Lines lines)
      throws IOException {
    List<DominatorNode> shown = tree.subList(0, Math.min(Math.max(top, 1), tree.size()));
    lines.add(
        "Biggest objects by retained size (top "
            + shown.size()
            + " top-level dominators: each is kept alive by GC roots only)");
    int retainedWidth = 0;
    for (DominatorNode n : shown) {
      retainedWidth = Math.max(retainedWidth, bytes(n.retainedBytes()).length());
    }
    int rank = 1;
    for (DominatorNode n : shown) {
      lines.add(
          objectLine(
              rank++,
              retainedWidth,
              n.retainedBytes(),
              nodeName(n),
              n.objectId(),
              n.shallowBytes()));
      if (!n.children().isEmpty()) {
        DominatorNode biggest = n.children().get(0);
        lines.add(
            "        biggest part "
                + bytes(biggest.retainedBytes())
                + "  "
                + nodeName(biggest)
                + " @ "
                + clean(biggest.objectId()));
      }
    }
    lines.add("");
  }

  /** " 1. 976.7 KB java.util.HashMap @ 0x20 (shallow 48 B)", the size right-aligned. */
  private static String objectLine(
      int rank, int retainedWidth, long retainedBytes, String name, String id, long shallow) {
    String retained = bytes(retainedBytes);
    return String.format(Locale.ROOT, "%4d. ", rank)
        + " ".repeat(Math.max(0, retainedWidth - retained.length()))
        + retained
        + "  "
        + name
        + " @ "
        + clean(id)
        + " (shallow "
        + bytes(shallow)
        + ")";
  }

  private static String nodeName(DominatorNode n) {
    return n.representedClass() != null
        ? "class " + clean(n.representedClass())
        : clean(n.className());
  }

  private static void writeDominators(List<DominatorEntry> dominators, Lines lines)
      throws IOException {
    lines.add("Biggest objects by retained size (top " + dominators.size() + ")");
    if (dominators.isEmpty()) {
      lines.add("  none");
    }
    int retainedWidth = 0;
    for (DominatorEntry e : dominators) {
      retainedWidth = Math.max(retainedWidth, bytes(e.retainedBytes()).length());
    }
    int rank = 1;
    for (DominatorEntry e : dominators) {
      lines.add(
          objectLine(
              rank++,
              retainedWidth,
              e.retainedBytes(),
              clean(e.className()),
              e.objectId(),
              e.shallowBytes()));
      writePath(e.pathFromGcRoot(), "        ", "(the object is a GC root)", lines);
    }
    lines.add("");
  }

  private static void writeSuspects(List<Suspect> suspects, Lines lines) throws IOException {
    writeSuspects("Leak suspects", suspects, lines);
  }

  private static void writeSuspects(String heading, List<Suspect> suspects, Lines lines)
      throws IOException {
    if (suspects.isEmpty()) {
      return;
    }
    lines.add(heading);
    for (Suspect s : suspects) {
      lines.add(String.format(Locale.ROOT, "%4d. ", s.rank()) + clean(s.title()));
      lines.add("        holder       " + clean(s.holder()));
      String growth =
          s.growthBytes() == null
              ? ""
              : ", growth " + (s.growthBytes() >= 0 ? "+" : "") + bytes(s.growthBytes());
      lines.add(
          "        accumulates  "
              + count(s.instances())
              + " x "
              + clean(s.accumulatedClass())
              + ", retained "
              + bytes(s.retainedBytes())
              + growth);
      if (!s.nativeMemory().isEmpty()) {
        lines.add("        off-heap     " + describe(s.nativeMemory()));
      }
      if (s.trend() != null) {
        lines.add("        trend        " + s.trend());
      }
      if (!s.retainedSeries().isEmpty()) {
        StringBuilder series = new StringBuilder("        retained in each dump, oldest first:");
        // 0 in an older dump: that dump did not list the holder (it held less than the share
        // from which a holder is listed, 1% of that heap), not that it held nothing
        for (Long b : s.retainedSeries()) {
          series.append(' ').append(b == 0 ? "not listed" : bytes(b));
        }
        lines.add(series.toString());
      }
      writeSeries("native memory", s.nativeSeries(), lines);
      if (!s.parts().isEmpty()) {
        lines.add("        parts        " + s.parts().size() + " places under this holder:");
        for (SuspectPart p : s.parts()) {
          lines.add(
              "          "
                  + bytes(p.retainedBytes())
                  + "  "
                  + count(p.instances())
                  + " x "
                  + clean(p.accumulatedClass())
                  + " in "
                  + (p.library() == null ? "" : clean(p.library()) + " ")
                  + clean(p.container()));
        }
      }
      if (!s.threads().isEmpty()) {
        lines.add("        threads      " + clean(summarizeThreads(s.threads())));
      }
      if (!s.stackTrace().isEmpty()) {
        lines.add("        stack of the first thread:");
        for (String frame :
            s.stackTrace().subList(0, Math.min(MAX_STACK_FRAMES, s.stackTrace().size()))) {
          lines.add("          at " + clean(frame));
        }
        if (s.stackTrace().size() > MAX_STACK_FRAMES) {
          lines.add("          ... " + (s.stackTrace().size() - MAX_STACK_FRAMES) + " more frames");
        }
      }
      lines.add("        path from GC root:");
      writePath(s.pathFromGcRoot(), "          ", "(the holder is a GC root)", lines);
      if (s.explanation() != null && !s.explanation().isBlank()) {
        for (String line : s.explanation().split("\\R")) {
          lines.add("        " + clean(line));
        }
      }
      lines.add("");
    }
  }

  /**
   * "retains 64.0 MB of native memory through 64 direct buffers, and maps 3.0 MB of files through 3
   * mapped buffers".
   */
  private static String describe(NativeMemory m) {
    List<String> parts = new ArrayList<>();
    if (m.directBuffers() > 0) {
      parts.add(
          "retains "
              + bytes(m.directBytes())
              + " of native memory through "
              + count(m.directBuffers())
              + (m.directBuffers() == 1 ? " direct buffer" : " direct buffers"));
    }
    if (m.mappedBuffers() > 0) {
      parts.add(
          "maps "
              + bytes(m.mappedBytes())
              + " of files through "
              + count(m.mappedBuffers())
              + (m.mappedBuffers() == 1 ? " mapped buffer" : " mapped buffers"));
    }
    return parts.isEmpty() ? "nothing outside the heap" : String.join(", and ", parts);
  }

  /** The notes under the histogram: memory outside the heap that the buffers in it hold. */
  private static void writeNativeMemory(NativeMemorySummary n, Lines lines) throws IOException {
    if (n.reachable().isEmpty() && n.unreachable().isEmpty()) {
      return;
    }
    lines.add("Memory outside the heap (direct and mapped buffers)");
    lines.add(
        "  reachable    "
            + describe(n.reachable())
            + (n.views() > 0
                ? "; " + count(n.views()) + " slices, duplicates and views share it"
                : ""));
    if (!n.withoutCleaner().isEmpty()) {
      lines.add(
          "  not counted  "
              + count(n.withoutCleaner().directBuffers())
              + " direct buffers without a cleaner over "
              + bytes(n.withoutCleaner().directBytes())
              + " that others allocated and free (the JVM's mapping of lib/modules, the JDK's"
              + " temporary buffers, native code through JNI)");
    }
    if (!n.unreachable().isEmpty()) {
      lines.add(
          "  unreachable  "
              + describe(n.unreachable())
              + ": freed once the garbage collector finds them and their cleaners run");
    }
    for (NativeHolder h : n.holders()) {
      lines.add("  held by      " + clean(h.holder()) + ": " + describe(h.memory()));
    }
    lines.add(
        "  (the heap numbers above do not include this memory; -XX:MaxDirectMemorySize limits the"
            + " direct buffers)");
    lines.add("");
  }

  /** "retained in each dump, oldest first: 1.0 MB 2.0 MB", nothing for an empty series. */
  private static void writeSeries(String what, List<Long> series, Lines lines) throws IOException {
    if (series.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder("        " + what + " in each dump, oldest first:");
    for (Long b : series) {
      line.append(' ').append(bytes(b));
    }
    lines.add(line.toString());
  }

  private static final int MAX_STACK_FRAMES = 12;
  private static final int MAX_THREAD_NAMES = 8;

  private static String summarizeThreads(List<String> threads) {
    if (threads.size() <= MAX_THREAD_NAMES) {
      return threads.size() + ": " + String.join(", ", threads);
    }
    return threads.size()
        + ": "
        + String.join(", ", threads.subList(0, MAX_THREAD_NAMES))
        + ", ... "
        + (threads.size() - MAX_THREAD_NAMES)
        + " more";
  }

  private static void writeInspections(List<Inspection> inspections, Lines lines)
      throws IOException {
    if (inspections.isEmpty()) {
      return;
    }
    lines.add("Memory waste (not leaks)");
    for (Inspection i : inspections) {
      lines.add("  " + clean(i.title()));
      for (InspectionHolder h : i.holders()) {
        String example = h.example() == null ? "" : "  e.g. " + clean(h.example());
        lines.add(
            "      "
                + bytes(h.wastedBytes())
                + " in "
                + count(h.objects())
                + (h.objects() == 1 ? " object held by " : " objects held by ")
                + clean(h.holder())
                + example);
      }
    }
    lines.add("");
  }

  /** The path as a chain, each step indented one level deeper than the step that holds it. */
  private static void writePath(List<String> path, String indent, String ifEmpty, Lines lines)
      throws IOException {
    if (path.isEmpty()) {
      lines.add(indent + ifEmpty);
      return;
    }
    int size = path.size();
    boolean elide = size > MAX_PATH_STEPS;
    int line = 0;
    for (int i = 0; i < size; i++) {
      String step;
      if (elide && i == PATH_HEAD) {
        step = "... " + (size - PATH_HEAD - PATH_TAIL) + " more steps ...";
        i = size - PATH_TAIL - 1;
      } else {
        step = clean(path.get(i));
      }
      lines.add(indent + "  ".repeat(Math.min(line++, MAX_PATH_INDENT)) + step);
    }
  }

  /**
   * Formats a byte count in binary units with one decimal, e.g. {@code 532.0 KB}, {@code 1.4 GB};
   * counts below 1 KB are exact ({@code 48 B}).
   */
  public static String bytes(long bytes) {
    long magnitude = bytes == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(bytes);
    if (magnitude < 1024) {
      return bytes + " B";
    }
    double value = magnitude;
    int unit = 0;
    while (unit < UNITS.length - 1 && value >= 1023.95) {
      value /= 1024;
      unit++;
    }
    return (bytes < 0 ? "-" : "") + String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Escapes characters that a terminal would act on instead of showing: C0/C1 controls, DEL, line
   * and paragraph separators, bidi embeddings, overrides and isolates.
   */
  public static String clean(String s) {
    if (s == null) {
      return "(none)";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean unsafe =
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || (c >= 0x2028 && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069);
      if (unsafe) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Writes lines with {@code \n}, whatever the platform, so reports compare equal everywhere. */
  private static final class Lines {
    private final Writer out;

    Lines(Writer out) {
      this.out = out;
    }

    void add(String line) throws IOException {
      out.write(line);
      out.write('\n');
    }
  }
}
