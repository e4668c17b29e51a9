package io.leakscope.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for checking what the product writes (reports, the event
 * log, the endpoint's answers): objects become {@link LinkedHashMap} in document order, arrays
 * {@link List}, integers {@link Long}, other numbers {@link Double}. Anything else, including
 * duplicate keys, trailing characters and raw control characters in strings, is an {@link
 * IllegalArgumentException}. Deliberately independent of the product's own JSON code, so that a
 * writer is never checked only by its twin reader.
 */
public final class StrictJson {

  private final String s;
  private int i;

  private StrictJson(String s) {
    this.s = s;
  }

  /** The value of the whole document {@code json}. */
  public static Object parse(String json) {
    StrictJson p = new StrictJson(json);
    Object value = p.value();
    p.skipSpace();
    if (p.i != json.length()) {
      throw p.error("trailing characters");
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  /** The document {@code json}, which must be an object. */
  public static Map<String, Object> parseObject(String json) {
    Object value = parse(json);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not an object: " + json);
    }
    return (Map<String, Object>) value;
  }

  private Object value() {
    skipSpace();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    skipSpace();
    if (peek() == '}') {
      i++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      if (map.containsKey(key)) {
        throw error("duplicate key " + key);
      }
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        i++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    i++;
    skipSpace();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek() == ',') {
        i++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("raw control character " + (int) c);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short unicode escape");
          }
          out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (Character.isDigit(peek())) {
      while (Character.isDigit(peek())) {
        i++;
      }
    } else {
      throw error("unexpected character");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      i++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      digits();
    }
    String text = s.substring(start, i);
    return integral ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
  }

  private void digits() {
    if (!Character.isDigit(peek())) {
      throw error("expected a digit");
    }
    while (Character.isDigit(peek())) {
      i++;
    }
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error("expected " + word);
    }
    i += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void skipSpace() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + i + " in " + s);
  }
}
