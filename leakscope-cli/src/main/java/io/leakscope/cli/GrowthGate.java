package io.leakscope.cli;

import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.TextReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The leak gate for CI jobs that take dumps (a load test, a soak test): {@code --fail-on-growth
 * LIMIT} turns a holder that grew past LIMIT between the oldest and the newest dump into exit code
 * {@value Main#EXIT_LEAK}; {@code --known-leaks FILE} lists holders that are accepted (one per
 * line, {@code *} matches any run of characters, {@code #} starts a comment), as goleak's {@code
 * IgnoreCurrent} accepts the goroutines that already run; {@code --write-known-leaks FILE} records
 * the holders that are past the limit now, so that only new ones fail later runs.
 *
 * <p>A picocli mixin shared by {@code analyze} and {@code diff}. The limit is a size ({@code 10MB},
 * {@code 512KB}, bytes without a unit; binary units, 1 KB = 1024 bytes) or a share of the newest
 * dump's reachable heap ({@code 2%}). Growth is what the suspect reports as {@link
 * Suspect#growthBytes()}: the change of the holder's retained size from the oldest dump to the
 * newest, for holders whose growth is significant (trend {@code growing} or {@code plateau}; a
 * buffer that went up and down is not held against the build).
 */
final class GrowthGate {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|%)?");

  @Option(
      names = "--fail-on-growth",
      paramLabel = "LIMIT",
      description =
          "Exit with code 4 when a holder grew by more than LIMIT from the oldest dump to the"
              + " newest: a size (10MB, 512KB, bytes; 1 KB = 1024) or a share of the newest"
              + " dump's reachable heap (2%%). Needs older dumps to compare with.")
  @Nullable String limit;

  @Option(
      names = "--known-leaks",
      paramLabel = "FILE",
      description =
          "Holders that --fail-on-growth accepts, one per line (* matches anything, # starts a"
              + " comment), e.g. com.acme.Registry.sessions.")
  @Nullable Path knownLeaks;

  @Option(
      names = "--write-known-leaks",
      paramLabel = "FILE",
      description =
          "Write the holders now past --fail-on-growth to FILE (with those already in"
              + " --known-leaks) and succeed: later runs fail only on new ones.")
  @Nullable Path writeKnownLeaks;

  /** A holder past the limit. */
  record Breach(String holder, long growthBytes, String accumulatedClass) {}

  /** Whether the gate is on. */
  boolean enabled() {
    return limit != null;
  }

  /**
   * The problem with the options as given, in one line naming the option, or null when they are
   * usable. {@code comparing} says whether there is an older dump to compare with.
   */
  @Nullable String problem(boolean comparing) {
    if (limit == null) {
      return knownLeaks != null || writeKnownLeaks != null
          ? "--known-leaks and --write-known-leaks need --fail-on-growth"
          : null;
    }
    if (parseLimit(limit) == null) {
      return "--fail-on-growth: '"
          + limit
          + "' (expected: a size such as 10MB or a share such as 2%)";
    }
    if (!comparing) {
      return "--fail-on-growth needs an older dump to compare with (--baseline OLDER_DUMP)";
    }
    if (knownLeaks != null && !Files.isReadable(knownLeaks)) {
      return "--known-leaks: " + knownLeaks + " does not exist or is not readable";
    }
    if (writeKnownLeaks != null) {
      Path dir = writeKnownLeaks.toAbsolutePath().getParent();
      if (Files.isDirectory(writeKnownLeaks) || dir == null || !Files.isDirectory(dir)) {
        return "--write-known-leaks: "
            + writeKnownLeaks
            + " is not a file in an existing directory";
      }
    }
    return null;
  }

  /**
   * Applies the gate to the suspects of the newest dump and says what it found on {@code err}.
   *
   * @return {@link Main#EXIT_OK}, or {@link Main#EXIT_LEAK} when a holder that is not a known leak
   *     grew past the limit and no known-leaks file is being written
   */
  int apply(List<Suspect> suspects, DumpSummary newest, PrintWriter err) throws IOException {
    if (limit == null) {
      return Main.EXIT_OK;
    }
    long reachable = newest.totalShallowBytes() - newest.unreachableBytes();
    long bytes = limitBytes(parseLimit(limit), reachable);
    List<String> accepted = knownLeaks == null ? List.of() : readPatterns(knownLeaks);
    List<Breach> breaches = new ArrayList<>();
    for (Suspect s : suspects) {
      Long growth = s.growthBytes();
      if (s.grewSignificantly()
          && growth != null
          && growth > bytes
          && !matchesAny(s.holder(), accepted)) {
        breaches.add(new Breach(s.holder(), growth, s.accumulatedClass()));
      }
    }
    if (writeKnownLeaks != null) {
      Set<String> lines = new LinkedHashSet<>(accepted);
      breaches.forEach(b -> lines.add(b.holder()));
      AtomicFileWriter.write(
          writeKnownLeaks,
          w -> {
            w.write("# leakscope known leaks: holders accepted by --fail-on-growth\n");
            for (String line : lines) {
              w.write(line + "\n");
            }
          });
      err.println(
          "leakscope: wrote "
              + lines.size()
              + " known leak"
              + (lines.size() == 1 ? "" : "s")
              + " to "
              + writeKnownLeaks);
      return Main.EXIT_OK;
    }
    if (breaches.isEmpty()) {
      return Main.EXIT_OK;
    }
    err.println(
        "leakscope: "
            + breaches.size()
            + (breaches.size() == 1 ? " holder" : " holders")
            + " grew by more than "
            + limit
            + " ("
            + TextReportWriter.bytes(bytes)
            + "):");
    for (Breach b : breaches) {
      err.println(
          "  "
              + b.holder()
              + "  +"
              + TextReportWriter.bytes(b.growthBytes())
              + " of "
              + b.accumulatedClass());
    }
    err.println(
        "  (accept one with a line in a --known-leaks file; --write-known-leaks FILE accepts all"
            + " of these)");
    return Main.EXIT_LEAK;
  }

  /** A positive limit: bytes, or a share of the heap as a negative fraction; null if malformed. */
  static @Nullable Double parseLimit(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    if (unit.equals("%")) {
      return value > 0 && value <= 100 ? -value / 100 : null;
    }
    double scale =
        switch (unit.charAt(0)) {
          case 'k' -> 1024.0;
          case 'm' -> 1024.0 * 1024;
          case 'g' -> 1024.0 * 1024 * 1024;
          default -> 1.0;
        };
    double bytes = value * scale;
    return bytes >= 1 && bytes < Long.MAX_VALUE ? bytes : null;
  }

  /** The limit in bytes for a heap of {@code reachableBytes}. */
  static long limitBytes(@Nullable Double parsed, long reachableBytes) {
    if (parsed == null) {
      throw new IllegalArgumentException("no limit");
    }
    return parsed < 0 ? (long) (-parsed * reachableBytes) : (long) (double) parsed;
  }

  private static List<String> readPatterns(Path file) throws IOException {
    List<String> patterns = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int hash = line.indexOf('#');
      String p = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (!p.isEmpty()) {
        patterns.add(p);
      }
    }
    return patterns;
  }

  static boolean matchesAny(String holder, List<String> patterns) {
    for (String p : patterns) {
      // "*" matches any run of characters; everything else is literal
      String regex =
          Arrays.stream(p.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
      if (Pattern.matches(regex, holder)) {
        return true;
      }
    }
    return false;
  }
}
