package io.leakscope.watchdog.json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259) into maps ({@link LinkedHashMap}, in the document's order; of a
 * repeated key the last value), lists, strings, doubles, booleans and null: the one JSON reader of
 * the watchdog (the JDK's JSON thread dump) and of the command line (the event log that {@link
 * JsonWriter} writes), without a dependency. Numbers follow the RFC's grammar and are read as
 * {@link Double#valueOf} reads them (a number beyond the double range is infinite). Whitespace and
 * raw characters in strings are accepted as the RFC's grammar says, except that control characters
 * inside a string are let through rather than rejected.
 *
 * <p>Any malformed text ends in an {@link IllegalArgumentException} naming the offset, never in
 * another exception; a fuzz test holds it to that. Like {@link JsonWriter}, this package is not
 * exported by the module: it is not an API.
 *
 * <p>Iterative, with an explicit stack of open containers rather than recursion, so that a deeply
 * nested document costs heap, not the calling thread's stack. Each scalar or closed container is
 * handed to {@link #attach}, which puts it under the pending key of the open object, appends it to
 * the open array, or makes it the result; a container remembers the key it was opened under, since
 * its own keys replace the pending one while it is open.
 */
public final class JsonReader {

  private final String text;
  private final Deque<Object> open = new ArrayDeque<>();
  // For each open container, the key it goes under in its parent ("" in an array or at the top).
  private final Deque<String> openKeys = new ArrayDeque<>();
  private String pendingKey;
  private Object result;
  private boolean done;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * Parses the whole text as one value.
   *
   * @throws IllegalArgumentException at the first syntax error, naming its offset
   */
  public static Object parse(String text) {
    return new JsonReader(text).run();
  }

  private Object run() {
    // After '{' or ',' in an object a key is due; after a value, ',' or a closing bracket.
    boolean expectKey = false;
    boolean expectValue = true;
    while (true) {
      skipWhitespace();
      if (pos >= text.length()) {
        if (done && open.isEmpty()) {
          return result;
        }
        throw error("unexpected end");
      }
      if (done) {
        throw error("trailing characters");
      }
      char c = text.charAt(pos);
      if (expectKey) {
        if (c == '}' && open.peek() instanceof Map<?, ?> m && m.isEmpty()) {
          pos++;
          expectValue = close();
        } else if (c == '"') {
          pendingKey = string();
          skipWhitespace();
          require(':');
          expectValue = true;
        } else {
          throw error("expected a string key");
        }
        expectKey = false;
      } else if (expectValue) {
        if (c == '{') {
          pos++;
          openContainer(new LinkedHashMap<String, Object>());
          expectKey = true;
        } else if (c == '[') {
          pos++;
          openContainer(new ArrayList<Object>());
          skipWhitespace();
          if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            expectValue = close();
          }
        } else {
          attach(scalar(c));
          expectValue = false;
        }
      } else if (c == ',' && !open.isEmpty()) {
        pos++;
        expectKey = open.peek() instanceof Map;
        expectValue = !expectKey;
      } else if ((c == '}' && open.peek() instanceof Map)
          || (c == ']' && open.peek() instanceof List)) {
        pos++;
        expectValue = close();
      } else {
        throw error("unexpected '" + c + "'");
      }
    }
  }

  private void openContainer(Object container) {
    openKeys.push(open.peek() instanceof Map && pendingKey != null ? pendingKey : "");
    open.push(container);
  }

  /** Pops the innermost container and attaches it; returns false: a value is never due next. */
  private boolean close() {
    Object container = open.pop();
    pendingKey = openKeys.pop();
    attach(container);
    return false;
  }

  @SuppressWarnings("unchecked")
  private void attach(Object value) {
    Object parent = open.peek();
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(pendingKey, value);
    } else if (parent instanceof List<?> list) {
      ((List<Object>) list).add(value);
    } else {
      result = value;
      done = true;
    }
  }

  private Object scalar(char c) {
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (text.startsWith(word, pos)) {
        pos += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = pos;
    if (!number()) {
      pos = start;
      throw error("unexpected '" + c + "'");
    }
    return Double.valueOf(text.substring(start, pos));
  }

  /** Skips {@code -? (0 | [1-9] digits) (. digits)? ([eE] [+-]? digits)?}; false if it is not. */
  private boolean number() {
    accept('-');
    if (!accept('0') && digits() == 0) {
      return false;
    }
    if (accept('.') && digits() == 0) {
      return false;
    }
    if (accept('e') || accept('E')) {
      if (!accept('+')) {
        accept('-');
      }
      return digits() > 0;
    }
    return true;
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  private boolean accept(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private String string() {
    StringBuilder s = new StringBuilder();
    for (pos++; pos < text.length(); pos++) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return s.toString();
      }
      if (c != '\\') {
        s.append(c);
      } else if (++pos < text.length()) {
        char e = text.charAt(pos);
        int simple = "\"\\/bfnrt".indexOf(e);
        if (simple >= 0) {
          s.append("\"\\/\b\f\n\r\t".charAt(simple));
        } else if (e == 'u' && pos + 4 < text.length()) {
          s.append(hex4(pos + 1));
          pos += 4;
        } else {
          throw error("bad escape");
        }
      }
    }
    throw error("unterminated string");
  }

  private char hex4(int at) {
    int value = 0;
    for (int i = at; i < at + 4; i++) {
      char h = text.charAt(i);
      // ASCII hex digits only (Character.digit would take fullwidth digits too)
      int digit = h <= 'f' ? Character.digit(h, 16) : -1;
      if (digit < 0) {
        throw error("bad \\u escape");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private void require(char c) {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON at offset " + pos + ": " + what);
  }
}
