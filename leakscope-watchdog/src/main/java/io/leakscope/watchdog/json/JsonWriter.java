package io.leakscope.watchdog.json;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON (RFC 8259) from maps, collections, strings, numbers, booleans and null: the one JSON
 * encoder of the watchdog (its event log and diagnostics endpoint), and of the demo service. {@link
 * JsonReader} reads back whatever it writes.
 *
 * <p>A {@link Map} becomes an object (keys through {@link String#valueOf}, in the map's order), a
 * {@link Collection} an array, a {@link CharSequence}, {@link Path} or {@link Enum} a string, a
 * finite {@link Double} or {@link Float} a number as {@link Double#toString} writes it and a
 * non-finite one {@code null}, other {@link Number}s and {@link Boolean}s as {@code toString}
 * writes them, anything else its {@code toString} as a string.
 *
 * <p>Strings escape quote, backslash, the control characters (U+0000 to U+001F and U+007F) and
 * unpaired surrogates, so that the output is one line, valid JSON and, encoded as UTF-8, valid
 * UTF-8 that decodes to exactly the string written. Other characters are written as they are.
 *
 * <p>This package is not exported by the module: it is leakscope's own, for the watchdog and for
 * leakscope's modules on the class path (the demo service and the command line), not an API.
 */
public final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonWriter() {}

  /** The value as JSON text. */
  public static String toJson(Object value) {
    StringBuilder json = new StringBuilder();
    write(json, value);
    return json.toString();
  }

  /** The string as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder json = new StringBuilder(s.length() + 2);
    writeString(json, s);
    return json.toString();
  }

  /** Appends the value as JSON text. */
  public static void write(StringBuilder json, Object value) {
    if (value == null) {
      json.append("null");
    } else if (value instanceof CharSequence || value instanceof Path || value instanceof Enum) {
      writeString(json, value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      json.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      json.append(value);
    } else if (value instanceof Map<?, ?> map) {
      json.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          json.append(',');
        }
        first = false;
        writeString(json, String.valueOf(e.getKey()));
        json.append(':');
        write(json, e.getValue());
      }
      json.append('}');
    } else if (value instanceof Collection<?> list) {
      json.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          json.append(',');
        }
        first = false;
        write(json, item);
      }
      json.append(']');
    } else {
      writeString(json, value.toString());
    }
  }

  /** Appends the string as a JSON string literal, quotes included. */
  public static void writeString(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          boolean pairedHigh =
              Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1));
          boolean pairedLow =
              Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
          // A lone surrogate cannot be encoded in UTF-8; \\u keeps it lossless and the line valid.
          if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !pairedHigh && !pairedLow)) {
            json.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
