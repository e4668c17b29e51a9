package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leakscope.testing.StrictJson;
import io.leakscope.watchdog.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T12:00:00Z"));

  @Test
  void eachEventIsOneStrictJsonObjectPerLineWithTimeAndTypeFirst() throws Exception {
    try (EventLog log = new EventLog(dir, clock)) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("growthBytesPerSecond", 1536.5);
      fields.put("pValue", 1e-9);
      fields.put("liveBytes", 123_456_789_012L);
      fields.put("secondsToFull", null);
      fields.put("evidence", List.of("heap-1.hprof.gz", "histogram-1.txt"));
      log.append(EventLog.Type.LEAK_SUSPECTED, fields);
      clock.advance(java.time.Duration.ofSeconds(1));
      log.append(EventLog.Type.CAPTURE_SKIPPED, Map.of("reason", "maxDumps: 2"));
    }
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    Map<String, Object> first = StrictJson.parseObject(lines.get(0));
    assertThat(new ArrayList<>(first.keySet()))
        .containsExactly(
            "time",
            "type",
            "growthBytesPerSecond",
            "pValue",
            "liveBytes",
            "secondsToFull",
            "evidence");
    assertThat(first)
        .containsEntry("time", "2026-11-23T12:00:00Z")
        .containsEntry("type", "LEAK_SUSPECTED")
        .containsEntry("growthBytesPerSecond", 1536.5)
        .containsEntry("pValue", 1e-9)
        .containsEntry("liveBytes", 123_456_789_012L)
        .containsEntry("secondsToFull", null)
        .containsEntry("evidence", List.of("heap-1.hprof.gz", "histogram-1.txt"));
    assertThat(StrictJson.parseObject(lines.get(1)))
        .containsEntry("time", "2026-11-23T12:00:01Z")
        .containsEntry("reason", "maxDumps: 2");
  }

  @Test
  void stringsWithQuotesBackslashesControlsAndSurrogatesSurviveTheRoundTrip() throws Exception {
    String nasty = "a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj\u007fk/é€😀 \u2028";
    String loneSurrogates = "x\ud800y\udc00z";
    try (EventLog log = new EventLog(dir, clock)) {
      log.append(EventLog.Type.CAPTURE_SKIPPED, Map.of("reason", nasty));
      log.append(EventLog.Type.CAPTURE_SKIPPED, Map.of("reason", loneSurrogates));
    }
    byte[] bytes = Files.readAllBytes(dir.resolve("events.jsonl"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    // Exactly two newlines: every raw newline in a value was escaped.
    assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(2);
    assertThat(text).doesNotContain("?").contains("\\ud800", "\\udc00", "\\u0000", "\\u007f");
    List<String> lines = text.lines().toList();
    assertThat(StrictJson.parseObject(lines.get(0))).containsEntry("reason", nasty);
    assertThat(StrictJson.parseObject(lines.get(1))).containsEntry("reason", loneSurrogates);
  }

  @Test
  void nonFiniteNumbersAreWrittenAsNull() {
    assertThat(JsonWriter.toJson(List.of(Double.NaN, Double.POSITIVE_INFINITY, 1.0f, 7)))
        .isEqualTo("[null,null,1.0,7]");
  }

  @Test
  void appendsToAnExistingLogAndIsSafeFromManyThreads() throws Exception {
    Files.writeString(dir.resolve("events.jsonl"), "{\"type\":\"EARLIER\"}\n");
    int threads = 8;
    int perThread = 200;
    try (EventLog log = new EventLog(dir, clock)) {
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread thread =
            new Thread(
                () -> {
                  for (int k = 0; k < perThread; k++) {
                    log.append(
                        EventLog.Type.SAMPLE, Map.of("thread", id, "k", k, "pad", "x".repeat(300)));
                  }
                });
        thread.start();
        started.add(thread);
      }
      for (Thread thread : started) {
        thread.join();
      }
    }
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
    assertThat(lines).hasSize(1 + threads * perThread);
    for (String line : lines) {
      StrictJson.parseObject(line);
    }
  }

  @Test
  void aFullDiskIsReportedOnceAndEachFailedAppendThrows() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "/dev/full (a device that is always full) is missing");
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    try (EventLog log = new EventLog(full, clock, new PrintStream(warnings, true, "UTF-8"))) {
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> log.append(EventLog.Type.SAMPLE, Map.of("liveBytes", 1)))
            .isInstanceOf(UncheckedIOException.class);
      }
    } catch (IOException closing) {
      // closing flushes into the full device too
    }
    String text = warnings.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().toList()).hasSize(1);
    assertThat(text)
        .startsWith("leakscope-watchdog: cannot write /dev/full (")
        .contains("No space");
  }
}
