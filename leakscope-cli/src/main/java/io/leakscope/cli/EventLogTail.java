package io.leakscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the watchdog's {@code events.jsonl} while it is being written: each {@link #poll()}
 * returns the events of the whole lines appended since the last one (a line still being written is
 * left for the next poll). A missing file is no events yet.
 *
 * <p>Each line is one JSON object; {@link #parse} reads the subset the event log writes (objects,
 * arrays, strings with escapes, numbers, booleans, null) and rejects anything else. Not
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
   * Parses one line of the event log.
   *
   * @throws IOException naming the position when the line is not one JSON object
   */
  static Map<String, Object> parse(String line) throws IOException {
    Parser p = new Parser(line);
    Object value = p.value();
    p.skipSpace();
    if (!(value instanceof Map<?, ?>) || p.pos != line.length()) {
      throw p.error("expected one JSON object per line");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    return object;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    Object value() throws IOException {
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end of line");
      }
      char c = s.charAt(pos);
      if (c == '{') {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        if (!consume('}')) {
          do {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
          } while (consume(','));
          expect('}');
        }
        return map;
      } else if (c == '[') {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (!consume(']')) {
          do {
            list.add(value());
            skipSpace();
          } while (consume(','));
          expect(']');
        }
        return list;
      } else if (c == '"') {
        return string();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, pos)) {
          pos += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      try {
        return Double.parseDouble(s.substring(start, pos));
      } catch (NumberFormatException e) {
        pos = start;
        throw error("unexpected '" + c + "'");
      }
    }

    private String string() throws IOException {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        } else if (c != '\\') {
          out.append(c);
        } else if (pos < s.length()) {
          char e = s.charAt(pos++);
          switch (e) {
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("truncated \\u escape");
              }
              try {
                out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              } catch (NumberFormatException x) {
                throw error("bad \\u escape");
              }
              pos += 4;
            }
            default -> out.append(e);
          }
        }
      }
      throw error("unterminated string");
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private boolean consume(char c) {
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) throws IOException {
      if (!consume(c)) {
        throw error("expected '" + c + "'");
      }
    }

    IOException error(String what) {
      return new IOException("events.jsonl: " + what + " at column " + (pos + 1));
    }
  }
}
