package io.leakscope.cli;

import io.leakscope.watchdog.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows the watchdog's {@code events.jsonl} while it is being written: each {@link #poll()}
 * returns the events of the whole lines appended since the last one (a line still being written is
 * left for the next poll). A missing file is no events yet.
 *
 * <p>Each line is one JSON object, read by {@link #parse}; anything else is an error. Not
 * thread-safe.
 */
final class EventLogTail {

  private final Path file;
  private long offset;

  EventLogTail(Path file) {
    this.file = file;
  }

  /** The events log followed. */
  Path file() {
    return file;
  }

  /**
   * The events appended since the last poll, oldest first.
   *
   * @throws IOException when the file cannot be read or a line is not a JSON object
   */
  List<Map<String, Object>> poll() throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offset);
      bytes = in.readAllBytes();
    } catch (NoSuchFileException | java.io.EOFException e) {
      return List.of();
    }
    List<Map<String, Object>> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          events.add(parse(line));
        }
        start = i + 1;
      }
    }
    offset += start;
    return events;
  }

  /**
   * Parses one line of the event log with the watchdog's own {@link JsonReader}, the reader of what
   * its {@code JsonWriter} writes: numbers are doubles.
   *
   * @throws IOException naming the position when the line is not one JSON object
   */
  static Map<String, Object> parse(String line) throws IOException {
    Object value;
    try {
      value = JsonReader.parse(line);
    } catch (IllegalArgumentException e) {
      throw new IOException("events.jsonl: " + e.getMessage(), e);
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new IOException("events.jsonl: expected one JSON object per line");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    return object;
  }
}
