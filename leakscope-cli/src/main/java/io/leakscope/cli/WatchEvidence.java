package io.leakscope.cli;

import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.watchdog.ClassHistogram;
import io.leakscope.watchdog.HostName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The evidence {@code leakscope watch --dump} captures: two heap dumps of the target, at least one
 * sample apart so that they can be diffed, each with the class histogram of its sample beside it
 * (class names as {@code byte[]}, like every histogram leakscope writes); then the {@code leakscope
 * analyze NEW --baseline OLD} command to run. Files are named {@code heap-<host>-<pid>-<time>} and
 * {@code histogram-<host>-<pid>-<time>.txt}, the host as the agent names its evidence ({@link
 * HostName}), so that the evidence of several machines or pods can share a directory. The first
 * dump is taken when the trend says growing ({@code --dump}) or at the first sample ({@code
 * --dump=now}). Dumps are written by the target JVM (into a directory it must be able to write);
 * nothing is analyzed here. Not thread-safe.
 */
final class WatchEvidence {
  static final int DUMPS = 2;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** When the first dump is taken. */
  enum When {
    GROWING,
    NOW
  }

  private final When when;
  private final Path directory;
  private final List<Path> dumps = new ArrayList<>();
  private final List<String> dumpLines = new ArrayList<>();
  private int firstDumpSample;

  WatchEvidence(When when, Path directory) {
    this.when = when;
    this.directory = directory.toAbsolutePath().normalize();
  }

  /**
   * Takes the next dump if it is due after sample number {@code sample}.
   *
   * @param histogram the class histogram of this sample, written beside the dump
   */
  void afterSample(AttachedJvm jvm, int sample, boolean growing, String histogram, Instant now)
      throws IOException {
    boolean due =
        dumps.isEmpty()
            ? when == When.NOW || growing
            : dumps.size() < DUMPS && sample > firstDumpSample;
    if (!due) {
      return;
    }
    if (dumps.isEmpty()) {
      firstDumpSample = sample;
    }
    String first = "heap-" + HostName.current() + "-" + jvm.pid() + "-" + STAMP.format(now);
    String base = first;
    for (int i = 2; taken(base); i++) {
      base = first + "-" + i;
    }
    Path histogramFile = directory.resolve(base.replaceFirst("^heap-", "histogram-") + ".txt");
    AtomicFileWriter.write(histogramFile, w -> w.write(ClassHistogram.readable(histogram)));
    Path dump = jvm.heapDump(directory.resolve(base));
    dumps.add(dump);
    dumpLines.add(
        "evidence   heap dump "
            + dumps.size()
            + " of "
            + DUMPS
            + ": "
            + dump
            + " ("
            + TextReportWriter.bytes(Files.size(dump))
            + "), histogram "
            + histogramFile.getFileName());
  }

  /** Lines for the screen: what was captured, what comes next. */
  List<String> notes() {
    List<String> notes = new ArrayList<>(dumpLines);
    if (dumps.isEmpty()) {
      notes.add(
          "evidence   heap dumps into "
              + directory
              + (when == When.GROWING ? " once the trend says growing" : " now"));
    } else if (dumps.size() < DUMPS) {
      notes.add("evidence   the second heap dump follows at the next sample");
    } else {
      notes.add("next       " + analyzeCommand().orElseThrow());
    }
    return notes;
  }

  List<Path> dumps() {
    return List.copyOf(dumps);
  }

  /**
   * {@code leakscope analyze NEW --baseline OLD} once there are two dumps, {@code leakscope analyze
   * DUMP} with one, nothing before.
   */
  Optional<String> analyzeCommand() {
    if (dumps.isEmpty()) {
      return Optional.empty();
    }
    String command = "leakscope analyze " + quoted(dumps.get(dumps.size() - 1));
    if (dumps.size() > 1) {
      command += " --baseline " + quoted(dumps.get(0));
    }
    return Optional.of(command);
  }

  private boolean taken(String base) {
    String histogram = base.replaceFirst("^heap-", "histogram-") + ".txt";
    for (String name : List.of(base + ".hprof", base + ".hprof.gz", histogram)) {
      if (Files.exists(directory.resolve(name))) {
        return true;
      }
    }
    return false;
  }

  /** A path as a shell word: single-quoted unless it is made of safe characters only. */
  static String quoted(Path path) {
    String s = path.toString();
    return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
