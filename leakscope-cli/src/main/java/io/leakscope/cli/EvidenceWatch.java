package io.leakscope.cli;

import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.demo.LoadGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows the watchdog's events for {@code leakscope demo}, printing each verdict and capture as a
 * progress line, until the {@code LEAK_SUSPECTED} events list enough heap dumps.
 *
 * <p>The watchdog writes {@code LEAK_SUSPECTED} once per capture of a leak episode, each listing
 * all the evidence files of the episode so far ({@code heap-<host>-<time>.hprof.gz} and {@code
 * histogram-<host>-<time>.txt}, names relative to the evidence directory), so the latest one says
 * everything. Dumps are told by their extension, not by the rest of the name. Not thread-safe.
 */
final class EvidenceWatch {

  private static final long POLL_MILLIS = 250;
  private static final long HEARTBEAT_NANOS = 10_000_000_000L;

  private final EventLogTail events;
  private final PrintWriter err;
  private final long startedNanos;

  /**
   * @param events the tail of {@code events.jsonl}
   * @param err where progress lines go
   * @param startedNanos {@link System#nanoTime()} when the demo started, for elapsed times
   */
  EvidenceWatch(EventLogTail events, PrintWriter err, long startedNanos) {
    this.events = events;
    this.err = err;
    this.startedNanos = startedNanos;
  }

  /**
   * Waits until a {@code LEAK_SUSPECTED} event lists {@code wanted} heap dumps, or the timeout.
   *
   * @return the heap dumps of the latest {@code LEAK_SUSPECTED}, oldest first: {@code wanted} of
   *     them, fewer on timeout (none when no leak was suspected)
   * @throws CommandFailure when the service stops on its own
   * @throws IOException when the event log cannot be read
   */
  List<Path> awaitDumps(int wanted, Duration timeout, DemoChild child, LoadGenerator load)
      throws IOException, InterruptedException {
    Path dir = events.file().toAbsolutePath().getParent();
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextHeartbeat = System.nanoTime() + HEARTBEAT_NANOS;
    List<Path> dumps = new ArrayList<>();
    while (true) {
      for (Map<String, Object> event : events.poll()) {
        List<Path> listed = report(event, dir);
        if (listed.size() > dumps.size()) {
          dumps = listed;
        }
      }
      if (dumps.size() >= wanted) {
        return dumps;
      }
      if (!child.isAlive()) {
        throw new CommandFailure(
            Main.EXIT_FAILURE,
            "the demo service stopped on its own; its output ends with: " + child.tail(),
            null);
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        if (!dumps.isEmpty()) {
          err.println(
              "      only "
                  + dumps.size()
                  + " of "
                  + wanted
                  + " heap dumps within "
                  + timeout.toSeconds()
                  + " s: analyzing without growth between dumps");
        }
        return dumps;
      }
      if (now >= nextHeartbeat) {
        err.println(
            elapsed()
                + String.format(Locale.ROOT, "%,d", load.completed())
                + " requests served, watching…");
        nextHeartbeat = now + HEARTBEAT_NANOS;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Prints one event if it matters to the demo; returns the heap dumps it lists. */
  private List<Path> report(Map<String, Object> event, Path dir) {
    String type = String.valueOf(event.get("type"));
    switch (type) {
      case "LEAK_SUSPECTED" -> {
        List<Path> dumps = new ArrayList<>();
        if (event.get("evidence") instanceof List<?> files) {
          for (Object f : files) {
            String name = String.valueOf(f);
            if (name.endsWith(".hprof.gz") || name.endsWith(".hprof")) {
              dumps.add(dir.resolve(name));
            }
          }
        }
        double growth = event.get("growthBytesPerSecond") instanceof Double d ? d : Double.NaN;
        err.println(
            elapsed()
                + "LEAK_SUSPECTED: live set after GC growing "
                + (Double.isNaN(growth) ? "?" : TextReportWriter.bytes((long) growth))
                + "/s; heap dumps so far: "
                + String.join(", ", dumps.stream().map(p -> p.getFileName().toString()).toList()));
        return dumps;
      }
      case "CAPTURE_SKIPPED" ->
          err.println(
              elapsed()
                  + "the watchdog skipped a "
                  + event.get("what")
                  + ": "
                  + event.get("reason"));
      case "CHECK_FAILED" ->
          err.println(elapsed() + "a watchdog check failed: " + event.get("error"));
      default -> {
        // starts, samples and captures are in events.jsonl; the verdicts above tell the story
      }
    }
    return List.of();
  }

  private String elapsed() {
    return String.format(
        Locale.ROOT, "      %3d s  ", (System.nanoTime() - startedNanos) / 1_000_000_000L);
  }
}
