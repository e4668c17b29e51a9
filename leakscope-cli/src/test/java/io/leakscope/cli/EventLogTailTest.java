package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following an event log as the watchdog writes it: whole lines only, each one JSON object. */
class EventLogTailTest {

  @TempDir Path dir;

  @Test
  void pollsReturnTheWholeLinesAppendedSinceTheLastPoll() throws IOException {
    Path file = dir.resolve("events.jsonl");
    EventLogTail tail = new EventLogTail(file);
    assertThat(tail.poll()).as("no file yet").isEmpty();

    append(
        file,
        "{\"time\":\"2026-11-23T12:00:00Z\",\"type\":\"WATCHDOG_STARTED\"}\n"
            + "{\"type\":\"LEAK_SUSPECTED\",\"growthBytesPerSecond\":1.5E7,\"liveBytes\":42,"
            + "\"evidence\":[\"heap-1.hprof.gz\"],\"reason\":\"a\\\"b\\u00e9\\ud800\",\"x\":null}\n"
            + "{\"type\":\"SAM");
    List<Map<String, Object>> first = tail.poll();
    assertThat(first).hasSize(2);
    assertThat(first.get(0)).containsEntry("type", "WATCHDOG_STARTED");
    assertThat(first.get(1))
        .containsEntry("growthBytesPerSecond", 1.5e7)
        .containsEntry("liveBytes", 42.0)
        .containsEntry("evidence", List.of("heap-1.hprof.gz"))
        .containsEntry("reason", "a\"bé\ud800")
        .containsEntry("x", null);

    append(file, "PLE\"}\n\n");
    assertThat(tail.poll()).containsExactly(Map.of("type", "SAMPLE"));
    assertThat(tail.poll()).isEmpty();
  }

  @Test
  void aLineThatIsNotOneJsonObjectIsAnErrorNamingTheLog() throws IOException {
    Path file = dir.resolve("events.jsonl");
    append(file, "[1,2]\n");
    assertThatThrownBy(() -> new EventLogTail(file).poll())
        .isInstanceOf(IOException.class)
        .hasMessage("events.jsonl: expected one JSON object per line");

    Files.writeString(file, "{\"type\":\"SAMPLE\",}\n");
    assertThatThrownBy(() -> new EventLogTail(file).poll())
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("events.jsonl: JSON at offset 17: ");
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
