package io.leakscope.watchdog;

import io.leakscope.watchdog.json.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per line to {@code events.jsonl}: {@code {"time":"…","type":"…",…}}.
 *
 * <p>The lines are written by {@link JsonWriter}, which keeps the watchdog free of dependencies:
 * strings, numbers (non-finite doubles as {@code null}), booleans, null and collections of those;
 * strings escape quote, backslash, control characters and unpaired surrogates, so every line is
 * valid JSON and valid UTF-8. Each line is flushed as it is written, so a reader (or a crash) sees
 * whole lines. Thread-safe: {@link #append} holds this object's monitor. A failure to write (a full
 * disk) is printed once on stderr, until a later write succeeds, and thrown to the caller each
 * time.
 */
final class EventLog implements AutoCloseable {

  /** The kinds of events. */
  enum Type {
    WATCHDOG_STARTED,
    WATCHDOG_STOPPED,
    SAMPLE,
    VERDICT_CHANGED,
    HISTOGRAM_CAPTURED,
    HEAP_DUMP_CAPTURED,
    CAPTURE_SKIPPED,
    LEAK_SUSPECTED,
    THREAD_LEAK_SUSPECTED,
    RESOURCE_GROWTH,
    MEMORY_DOES_NOT_FIT,
    NATIVE_GROWTH,
    MEMORY_NEAR_LIMIT,
    G1_CYCLES_REQUESTED,
    CHECK_FAILED
  }

  static final String FILE_NAME = "events.jsonl";

  private final Path file;
  private final Clock clock;
  private final Writer out;
  private final PrintStream warnings;
  // True from a failed write until the next successful one: a full disk is reported once, not on
  // every event, and again only if it comes back after the log could be written.
  private boolean failing;

  /**
   * Opens (creating or appending to) {@code events.jsonl} in the directory.
   *
   * @throws IOException when the file cannot be opened
   */
  EventLog(Path directory, Clock clock) throws IOException {
    this(directory.resolve(FILE_NAME), clock, System.err);
  }

  /** The log in {@code file}, with failures to write it reported once on {@code warnings}. */
  EventLog(Path file, Clock clock, PrintStream warnings) throws IOException {
    this.file = file;
    this.clock = clock;
    this.warnings = warnings;
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  Path file() {
    return file;
  }

  /**
   * Writes one event line.
   *
   * @param fields further fields in order: keys are strings, values as the class comment says
   * @throws UncheckedIOException when the line cannot be written
   */
  synchronized void append(Type type, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("type", type.name());
    line.putAll(fields);
    StringBuilder json = new StringBuilder(256);
    JsonWriter.write(json, line);
    json.append('\n');
    try {
      out.write(json.toString());
      out.flush();
      failing = false;
    } catch (IOException e) {
      if (!failing) {
        failing = true;
        warnings.println(
            "leakscope-watchdog: cannot write "
                + file
                + " ("
                + e
                + "); events are lost until it can be written again, the application is not"
                + " affected");
      }
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
