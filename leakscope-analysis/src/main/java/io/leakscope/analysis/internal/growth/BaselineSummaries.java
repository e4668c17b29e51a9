package io.leakscope.analysis.internal.growth;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.analysis.report.NativeMemorySummary;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.SuspectPart;
import io.leakscope.analysis.report.Timings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What a later comparison needs of an analyzed dump, kept in a small file so that {@code analyze
 * NEW --baseline OLD} and {@code diff} do not analyze OLD again.
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>What is kept.</b> Exactly what a comparison reads of a dump: its {@link DumpSummary},
 *       its suspects as a comparison finds them (holders down to 1% of the reachable heap; per
 *       suspect the kind, holder, accumulated class, instances, retained bytes, the native memory
 *       of the direct buffers it keeps and its parts, and for suspects held by threads (leaked
 *       pools, thread-locals, blocked threads) the names of those without a number and of the
 *       oldest and youngest numbered one, which is what {@link SuspectGrowth} matches and ranks by;
 *       for accumulations the sample of their elements' fingerprints, {@link ElementSamples}) and
 *       its histogram (what {@code diff} subtracts), and the dump's reachable direct-buffer memory
 *       (growth is measured against the heap plus it). Paths, explanations, the dominator tree, the
 *       inspections and the native holders are not kept: nothing compares them. A summary is a few
 *       hundred bytes per suspect (about 1.2 KB more for an accumulation's 64 fingerprints) plus
 *       about 80 bytes per class: tens of kilobytes for a dump of gigabytes.
 *   <li><b>When it is trusted.</b> Only when everything that decides its content is unchanged: the
 *       dump's absolute path, size and modification time (to the microsecond, as the file system
 *       gives it); the library packages the holders were named with; the build of leakscope that
 *       wrote it ({@link BuildIdentity}: a hash of the code, so two builds with the same version
 *       number but other rules never share summaries); and {@link #FORMAT}, which is raised
 *       whenever the summary's layout changes. A file that does not match, is cut short (its last
 *       line is {@code end}) or does not parse is ignored, and the dump is analyzed again and the
 *       summary rewritten.
 *   <li><b>Where.</b> In a cache directory the caller chooses (the command line uses the user's
 *       cache directory), one file per dump named by the SHA-256 of its absolute path: never next
 *       to the dump, which may sit on a read-only volume or in an evidence directory that others
 *       list. Written to a temporary file and moved into place, so a reader never sees half a
 *       summary; two analyses writing the same summary at once both write the same content.
 *   <li><b>Failures.</b> A cache that cannot be read or written costs only time: reading returns
 *       empty and writing gives up silently, and the dump is analyzed as if there were no cache.
 * </ul>
 *
 * <p>The format is line-oriented UTF-8 text, one record per line, fields separated by tabs with
 * {@code \\}, tab, line feed and carriage return escaped as {@code \\\\}, {@code \\t}, {@code \\n},
 * {@code \\r}.
 */
public final class BaselineSummaries {

  /** Raised when the layout, or what the suspect finding puts into a summary, changes. */
  static final int FORMAT = 7;

  private static final String MAGIC = "leakscope-baseline-summary";

  private final Path directory;
  private final String build;

  /**
   * @param directory where summaries are kept; created on the first write
   */
  public BaselineSummaries(Path directory) {
    this(directory, BuildIdentity.get());
  }

  /** As {@link #BaselineSummaries(Path)}, as if written and read by the build {@code build}. */
  BaselineSummaries(Path directory, String build) {
    this.directory = directory;
    this.build = build;
  }

  /**
   * The comparison report of {@code dump} from its summary, when one exists and still matches the
   * file and {@code libraryPackages}; its {@link DumpSummary#path()} is {@code dump} as given.
   */
  public Optional<AnalysisReport> read(Path dump, List<String> libraryPackages) {
    try {
      String key = key(dump, libraryPackages);
      Path file = fileFor(dump);
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      List<String> lines;
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        lines = in.lines().toList();
      }
      return Optional.ofNullable(parse(lines, key, dump.toString()));
    } catch (IOException | RuntimeException unusable) {
      // a summary is only ever a shortcut: when it cannot be used, the dump is analyzed again
      return Optional.empty();
    }
  }

  /**
   * Keeps what a comparison needs of {@code report}, the comparison report of {@code dump}. Does
   * nothing when the directory or the file cannot be written.
   */
  public void write(Path dump, List<String> libraryPackages, AnalysisReport report) {
    Path temp = null;
    try {
      String key = key(dump, libraryPackages);
      Files.createDirectories(directory);
      Path file = fileFor(dump);
      temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        for (String line : format(key, report)) {
          out.write(line);
          out.write('\n');
        }
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException | RuntimeException ignored) {
      // no summary: the next comparison analyzes this dump again
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a stray temporary file in the cache directory; the next write makes another
        }
      }
    }
  }

  /** The file that holds {@code dump}'s summary. */
  Path fileFor(Path dump) {
    return directory.resolve(sha256(dump.toAbsolutePath().normalize().toString()) + ".summary");
  }

  /** Everything that decides a summary's content, as its first line after the magic. */
  private String key(Path dump, List<String> libraryPackages) throws IOException {
    Path absolute = dump.toAbsolutePath().normalize();
    BasicFileAttributes a = Files.readAttributes(absolute, BasicFileAttributes.class);
    return String.join(
        "\t",
        "key",
        build,
        escape(absolute.toString()),
        Long.toString(a.size()),
        Long.toString(a.lastModifiedTime().to(TimeUnit.MICROSECONDS)),
        escape(String.join(",", libraryPackages)));
  }

  static List<String> format(String key, AnalysisReport report) {
    List<String> lines = new ArrayList<>();
    lines.add(MAGIC + " " + FORMAT);
    lines.add(key);
    DumpSummary d = report.dump();
    lines.add(
        String.join(
            "\t",
            "dump",
            escape(d.format()),
            Integer.toString(d.idSize()),
            Boolean.toString(d.gzip()),
            Long.toString(d.bytes()),
            Long.toString(d.timestampMillis()),
            Long.toString(d.objects()),
            Long.toString(d.classes()),
            Long.toString(d.gcRoots()),
            Long.toString(d.reachableObjects()),
            Long.toString(d.unreachableObjects()),
            Long.toString(d.unreachableBytes()),
            Long.toString(d.missingReferences()),
            Long.toString(d.totalShallowBytes()),
            Boolean.toString(d.compressedOops()),
            Boolean.toString(d.compressedClassPointers()),
            Integer.toString(d.objectAlignment()),
            // "" for none: a class name is never empty
            escape(d.mainClass() == null ? "" : d.mainClass())));
    NativeMemory reachable = report.nativeMemory().reachable();
    lines.add(
        String.join(
            "\t",
            "native",
            Long.toString(reachable.directBytes()),
            Long.toString(reachable.directBuffers()),
            Long.toString(reachable.mappedBytes()),
            Long.toString(reachable.mappedBuffers())));
    for (Suspect s : report.suspects()) {
      lines.add(
          String.join(
              "\t",
              "suspect",
              escape(s.kind()),
              escape(s.holder()),
              escape(s.accumulatedClass()),
              Long.toString(s.instances()),
              Long.toString(s.retainedBytes()),
              escape(s.title()),
              Long.toString(s.nativeMemory().directBytes()),
              Long.toString(s.nativeMemory().directBuffers()),
              Long.toString(s.nativeMemory().mappedBytes()),
              Long.toString(s.nativeMemory().mappedBuffers())));
      if (!s.threads().isEmpty()) {
        // whether the threads of one dump outlive it: see SuspectGrowth.oldestThreadEnded
        List<String> kept = new ArrayList<>(List.of("threads"));
        for (String t : SuspectGrowth.threadsToKeep(s.threads())) {
          kept.add(escape(t));
        }
        lines.add(String.join("\t", kept));
      }
      if (!s.elementSample().isEmpty()) {
        // whether its elements stay from one dump to the next: see ElementSamples
        List<String> sample = new ArrayList<>(List.of("sample"));
        for (long p : s.elementSample()) {
          sample.add(Long.toString(p));
        }
        lines.add(String.join("\t", sample));
      }
      for (SuspectPart part : s.parts()) {
        lines.add(
            String.join(
                "\t",
                "part",
                escape(part.container()),
                part.library() == null ? "" : escape(part.library()),
                escape(part.accumulatedClass()),
                Long.toString(part.instances()),
                Long.toString(part.retainedBytes())));
      }
    }
    for (HistogramRow r : report.histogram()) {
      lines.add(
          String.join(
              "\t",
              "class",
              escape(r.className()),
              Long.toString(r.instances()),
              Long.toString(r.shallowBytes()),
              Long.toString(r.retainedBytes())));
    }
    lines.add("end");
    return lines;
  }

  /** The report in {@code lines}, or null when they are not a whole summary for {@code key}. */
  static @Nullable AnalysisReport parse(List<String> lines, String key, String path) {
    if (lines.size() < 5
        || !lines.get(0).equals(MAGIC + " " + FORMAT)
        || !lines.get(1).equals(key)
        || !lines.get(lines.size() - 1).equals("end")) {
      return null;
    }
    String[] d = fields(lines.get(2), "dump", 18);
    DumpSummary dump =
        new DumpSummary(
            path,
            Long.parseLong(d[4]),
            d[1],
            Integer.parseInt(d[2]),
            Boolean.parseBoolean(d[3]),
            Long.parseLong(d[5]),
            Long.parseLong(d[6]),
            Long.parseLong(d[7]),
            Long.parseLong(d[8]),
            Long.parseLong(d[9]),
            Long.parseLong(d[10]),
            Long.parseLong(d[11]),
            Long.parseLong(d[12]),
            Long.parseLong(d[13]),
            Boolean.parseBoolean(d[14]),
            Boolean.parseBoolean(d[15]),
            Integer.parseInt(d[16]),
            null,
            d[17].isEmpty() ? null : d[17]);
    String[] n = fields(lines.get(3), "native", 5);
    NativeMemory reachable =
        new NativeMemory(
            Long.parseLong(n[1]), Long.parseLong(n[2]), Long.parseLong(n[3]), Long.parseLong(n[4]));
    List<String[]> suspectFields = new ArrayList<>();
    List<List<SuspectPart>> parts = new ArrayList<>();
    List<List<String>> threads = new ArrayList<>();
    List<List<Long>> samples = new ArrayList<>();
    List<HistogramRow> histogram = new ArrayList<>();
    for (String line : lines.subList(4, lines.size() - 1)) {
      if (line.startsWith("suspect\t")) {
        suspectFields.add(fields(line, "suspect", 11));
        parts.add(new ArrayList<>());
        threads.add(List.of());
        samples.add(List.of());
      } else if (line.startsWith("sample\t") && !samples.isEmpty()) {
        String[] t = line.split("\t", -1);
        List<Long> sample = new ArrayList<>();
        for (int i = 1; i < t.length; i++) {
          sample.add(Long.parseLong(t[i]));
        }
        samples.set(samples.size() - 1, sample);
      } else if (line.startsWith("threads\t") && !threads.isEmpty()) {
        String[] t = line.split("\t", -1);
        List<String> names = new ArrayList<>();
        for (int i = 1; i < t.length; i++) {
          names.add(unescape(t[i]));
        }
        threads.set(threads.size() - 1, names);
      } else if (line.startsWith("part\t") && !parts.isEmpty()) {
        String[] p = fields(line, "part", 6);
        parts
            .get(parts.size() - 1)
            .add(
                new SuspectPart(
                    p[1],
                    p[2].isEmpty() ? null : p[2],
                    p[3],
                    Long.parseLong(p[4]),
                    Long.parseLong(p[5])));
      } else {
        String[] c = fields(line, "class", 5);
        histogram.add(
            new HistogramRow(
                c[1], Long.parseLong(c[2]), Long.parseLong(c[3]), Long.parseLong(c[4])));
      }
    }
    List<Suspect> suspects = new ArrayList<>();
    for (int k = 0; k < suspectFields.size(); k++) {
      String[] s = suspectFields.get(k);
      suspects.add(
          new Suspect(
              k + 1,
              s[6],
              s[2],
              s[3],
              Long.parseLong(s[4]),
              Long.parseLong(s[5]),
              null,
              List.of(),
              "",
              s[1],
              List.of(),
              threads.get(k),
              List.of(),
              parts.get(k),
              null,
              new NativeMemory(
                  Long.parseLong(s[7]),
                  Long.parseLong(s[8]),
                  Long.parseLong(s[9]),
                  Long.parseLong(s[10])),
              List.of(),
              samples.get(k)));
    }
    return new AnalysisReport(
        dump,
        histogram,
        List.of(),
        suspects,
        new Timings(0, 0, 0),
        List.of(),
        List.of(),
        List.of(),
        new NativeMemorySummary(reachable, 0, NativeMemory.NONE, NativeMemory.NONE, List.of()));
  }

  private static String[] fields(String line, String type, int count) {
    String[] raw = line.split("\t", -1);
    if (raw.length != count || !raw[0].equals(type)) {
      throw new IllegalArgumentException("not a " + type + " line");
    }
    for (int i = 0; i < raw.length; i++) {
      raw[i] = unescape(raw[i]);
    }
    return raw;
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i == s.length()) {
        throw new IllegalArgumentException("a lone backslash at the end");
      }
      b.append(
          switch (s.charAt(i)) {
            case '\\' -> '\\';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            default -> throw new IllegalArgumentException("unknown escape \\" + s.charAt(i));
          });
    }
    return b.toString();
  }

  private static String sha256(String text) {
    return HexFormat.of()
        .formatHex(BuildIdentity.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
