package io.leakscope.analysis.report;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link AnalysisReport} as the JSON report contract of docs/design.md (published as a
 * JSON Schema in docs/schema): one object with the key {@code schemaVersion}, then one key per
 * report component ({@code dump}, {@code histogram}, {@code dominators}, {@code suspects}, {@code
 * timings}, ...).
 *
 * <p>Design note: the report records are turned into JSON generically, one key per record component
 * with the component's name, so that a field added to a report record appears in the JSON without a
 * change here (the contract allows added fields). Accessors are looked up once per record class.
 * Output is streamed to the {@link Writer} as it is produced, so a histogram of tens of thousands
 * of classes costs no extra memory; each element of a top-level array goes on its own line so the
 * output can be read and grepped line by line.
 *
 * <p>Strings are escaped per RFC 8259; in addition U+2028/U+2029 (line terminators in JavaScript)
 * and unpaired surrogates are written as {@code \}{@code uXXXX} escapes. Other non-ASCII characters
 * are written as they are: the caller's writer must encode UTF-8. Non-finite floating point values
 * are written as {@code null}.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class JsonReportWriter {

  private static final ClassValue<Method[]> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          Method[] accessors = new Method[components.length];
          for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
          }
          return accessors;
        }
      };

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Creates a writer. */
  public JsonReportWriter() {}

  /**
   * Writes {@code report} to {@code out} followed by a newline. Does not flush or close {@code
   * out}; pass a buffered writer for speed.
   *
   * @param report the report, not null
   * @param out where to write, not null; must encode UTF-8 for non-ASCII names to survive
   * @throws IOException if {@code out} fails
   */
  public void write(AnalysisReport report, Writer out) throws IOException {
    writeDocument(report, out);
  }

  /**
   * Writes the report of {@code leakscope diff} the same way: {@code schemaVersion}, then one key
   * per component of {@link DiffReport}. Does not flush or close {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  public void write(DiffReport report, Writer out) throws IOException {
    writeDocument(report, out);
  }

  /**
   * Writes the report of {@code leakscope histogram} the same way: {@code schemaVersion}, then one
   * key per component of {@link HistogramReport}. Does not flush or close {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  public void write(HistogramReport report, Writer out) throws IOException {
    writeDocument(report, out);
  }

  private static void writeDocument(Record report, Writer out) throws IOException {
    out.write("{\n  \"schemaVersion\": ");
    out.write(Integer.toString(AnalysisReport.SCHEMA_VERSION));
    RecordComponent[] components = report.getClass().getRecordComponents();
    Method[] accessors = ACCESSORS.get(report.getClass());
    for (int i = 0; i < components.length; i++) {
      out.write(",\n  ");
      writeString(components[i].getName(), out);
      out.write(": ");
      Object value = get(accessors[i], report);
      if (value instanceof Collection<?> rows) {
        writeRows(rows, out);
      } else {
        writeValue(value, out);
      }
    }
    out.write("\n}\n");
  }

  /** A top-level array: one element per line. */
  private static void writeRows(Collection<?> rows, Writer out) throws IOException {
    if (rows.isEmpty()) {
      out.write("[]");
      return;
    }
    out.write('[');
    boolean first = true;
    for (Object row : rows) {
      out.write(first ? "\n    " : ",\n    ");
      first = false;
      writeValue(row, out);
    }
    out.write("\n  ]");
  }

  private static void writeValue(Object value, Writer out) throws IOException {
    if (value == null) {
      out.write("null");
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      out.write(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.write(Double.isFinite(d) ? value.toString() : "null");
    } else if (value instanceof Character c) {
      writeString(c.toString(), out);
    } else if (value instanceof Enum<?> e) {
      writeString(e.name(), out);
    } else if (value instanceof Record r) {
      writeRecord(r, out);
    } else if (value instanceof Collection<?> c) {
      writeArray(c, out);
    } else if (value instanceof Map<?, ?> m) {
      writeMap(m, out);
    } else {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getName() + " as JSON (expected a report value)");
    }
  }

  private static void writeRecord(Record record, Writer out) throws IOException {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Method[] accessors = ACCESSORS.get(record.getClass());
    out.write('{');
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        out.write(", ");
      }
      writeString(components[i].getName(), out);
      out.write(": ");
      writeValue(get(accessors[i], record), out);
    }
    out.write('}');
  }

  private static void writeArray(Collection<?> values, Writer out) throws IOException {
    out.write('[');
    boolean first = true;
    for (Object value : values) {
      if (!first) {
        out.write(", ");
      }
      first = false;
      writeValue(value, out);
    }
    out.write(']');
  }

  private static void writeMap(Map<?, ?> map, Writer out) throws IOException {
    out.write('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.write(", ");
      }
      first = false;
      writeString(String.valueOf(entry.getKey()), out);
      out.write(": ");
      writeValue(entry.getValue(), out);
    }
    out.write('}');
  }

  /**
   * Writes {@code s} as a JSON string literal. Runs of characters that need no escaping are written
   * in one call.
   */
  static void writeString(String s, Writer out) throws IOException {
    out.write('"');
    int start = 0;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      String escape = escapeFor(s, i, c);
      if (escape == null) {
        continue;
      }
      out.write(s, start, i - start);
      if (escape.isEmpty()) {
        writeUnicodeEscape(c, out);
      } else {
        out.write(escape);
      }
      start = i + 1;
    }
    out.write(s, start, length - start);
    out.write('"');
  }

  /** Null: no escape needed; empty: a {@code \}{@code uXXXX} escape; else the escape to write. */
  private static @Nullable String escapeFor(String s, int i, char c) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      return null;
    }
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\b':
        return "\\b";
      case '\f':
        return "\\f";
      case '\u2028':
      case '\u2029':
        return "";
      default:
        if (c < 0x20) {
          return "";
        }
        return Character.isSurrogate(c) && !isPairedSurrogate(s, i) ? "" : null;
    }
  }

  private static boolean isPairedSurrogate(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i))
        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static void writeUnicodeEscape(char c, Writer out) throws IOException {
    out.write("\\u");
    out.write(HEX[(c >> 12) & 0xf]);
    out.write(HEX[(c >> 8) & 0xf]);
    out.write(HEX[(c >> 4) & 0xf]);
    out.write(HEX[c & 0xf]);
  }

  private static Object get(Method accessor, Object target) {
    try {
      return accessor.invoke(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + accessor, e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("cannot read " + accessor, cause);
    }
  }
}
