package io.leakscope.analysis.report;

import static io.leakscope.analysis.report.ReportFixtures.dominator;
import static io.leakscope.analysis.report.ReportFixtures.histogram;
import static io.leakscope.analysis.report.ReportFixtures.report;
import static io.leakscope.analysis.report.ReportFixtures.suspect;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

  @Test
  void topLevelKeysFollowTheReportContract() throws IOException {
    Map<String, Object> json = parse(report(histogram(3), List.of(), List.of()));

    // the contract's keys in its order; later keys are additions the contract allows
    assertThat(new ArrayList<>(json.keySet()))
        .containsExactly(
            "schemaVersion",
            "dump",
            "histogram",
            "dominators",
            "suspects",
            "timings",
            "baselines",
            "dominatorTree",
            "inspections");
    assertThat(json.get("schemaVersion")).isEqualTo((long) AnalysisReport.SCHEMA_VERSION);
  }

  @Test
  void everyRecordComponentBecomesAKeyWithTheSameNameAndValue() throws IOException {
    AnalysisReport report =
        report(
            histogram(2),
            List.of(dominator("java.util.HashMap", List.of("static A.b", "[3]"))),
            List.of(suspect(1_048_576L)));
    Map<String, Object> json = parse(report);

    assertMatches(json.get("dump"), report.dump());
    assertMatches(json.get("timings"), report.timings());
    assertThat(list(json, "histogram")).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertMatches(list(json, "histogram").get(i), report.histogram().get(i));
    }
    assertMatches(list(json, "dominators").get(0), report.dominators().get(0));
    assertMatches(list(json, "suspects").get(0), report.suspects().get(0));
  }

  @Test
  void growthBytesIsNullWithoutABaseline() throws IOException {
    Map<String, Object> json = parse(report(List.of(), List.of(), List.of(suspect(null))));

    @SuppressWarnings("unchecked")
    Map<String, Object> suspect = (Map<String, Object>) list(json, "suspects").get(0);
    assertThat(suspect).containsEntry("growthBytes", null);
  }

  @Test
  void emptyListsAreEmptyArrays() throws IOException {
    Map<String, Object> json = parse(report(List.of(), List.of(), List.of()));

    assertThat(list(json, "histogram")).isEmpty();
    assertThat(list(json, "dominators")).isEmpty();
    assertThat(list(json, "suspects")).isEmpty();
  }

  @Test
  void hostileClassNamesAreEscapedAndSurviveARoundTrip() throws IOException {
    String hostile =
        "a\"b\\c/d\u0000e\u0001f\u001fg\nh\ri\tj\bk\fl\u007fm\u2028n\u2029o"
            + "\u00e9\u4e2d\ud83d\ude00p\ud800q\udc00";
    AnalysisReport report =
        report(
            List.of(new HistogramRow(hostile, 1, 16, 16)),
            List.of(dominator(hostile, List.of(hostile))),
            List.of());
    String text = write(report);

    assertThat(text)
        .doesNotContain("\u0000", "\u0001", "\u001f", "\u2028", "\u2029", "\ud800q", "q\udc00")
        .contains("\\\"", "\\\\", "\\u0000", "\\u001f", "\\n", "\\t", "\\u2028", "\\u2029")
        .contains("\\ud800", "\\udc00")
        // non-ASCII is left as it is, for a UTF-8 writer
        .contains("\u00e9\u4e2d\ud83d\ude00");
    Map<String, Object> json = new MiniJson(text).parseDocument();
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) list(json, "histogram").get(0);
    assertThat(row.get("className")).isEqualTo(hostile);
    @SuppressWarnings("unchecked")
    Map<String, Object> dom = (Map<String, Object>) list(json, "dominators").get(0);
    assertThat(dom.get("pathFromGcRoot")).isEqualTo(List.of(hostile));
  }

  @Test
  void eachTopLevelArrayElementIsOnItsOwnLine() throws IOException {
    String text = write(report(histogram(3), List.of(), List.of()));

    assertThat(text.lines().filter(l -> l.contains("\"className\""))).hasSize(3);
  }

  @Test
  void aFiftyThousandClassHistogramIsStreamed() throws IOException {
    AnalysisReport report = report(histogram(50_000), List.of(), List.of());
    CountingWriter counter = new CountingWriter();

    new JsonReportWriter().write(report, counter);

    assertThat(counter.newlines).isGreaterThan(50_000);
    Map<String, Object> json = parse(report);
    assertThat(list(json, "histogram")).hasSize(50_000);
    assertMatches(list(json, "histogram").get(49_999), report.histogram().get(49_999));
  }

  private static void assertMatches(Object json, Record record) {
    assertThat(json).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) json;
    RecordComponent[] components = record.getClass().getRecordComponents();
    assertThat(map.keySet())
        .containsExactly(
            Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new));
    for (RecordComponent c : components) {
      Object expected;
      try {
        expected = c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (expected instanceof Integer i) {
        expected = i.longValue();
      }
      assertThat(map.get(c.getName())).as(c.getName()).isEqualTo(expected);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> json, String key) {
    return (List<Object>) json.get(key);
  }

  private static Map<String, Object> parse(AnalysisReport report) throws IOException {
    return new MiniJson(write(report)).parseDocument();
  }

  private static String write(AnalysisReport report) throws IOException {
    StringWriter out = new StringWriter();
    new JsonReportWriter().write(report, out);
    return out.toString();
  }

  /** Counts what it is given and keeps nothing. */
  private static final class CountingWriter extends Writer {
    long newlines;

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (buf[i] == '\n') {
          newlines++;
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /**
   * A strict recursive-descent JSON parser (RFC 8259) for checking output: objects become ordered
   * maps, integers {@code Long}, other numbers {@code Double}. Raw control characters in strings
   * are rejected.
   */
  static final class MiniJson {
    private final String s;
    private int pos;

    MiniJson(String s) {
      this.s = s;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> parseDocument() {
      Object value = value();
      skipWhitespace();
      if (pos != s.length()) {
        throw error("trailing content");
      }
      if (!(value instanceof Map)) {
        throw error("document is not an object");
      }
      return (Map<String, Object>) value;
    }

    private Object value() {
      skipWhitespace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
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
      pos++;
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a key");
        }
        String key = string();
        skipWhitespace();
        expect(':');
        if (map.containsKey(key)) {
          throw error("duplicate key " + key);
        }
        map.put(key, value());
        skipWhitespace();
        if (peek() == ',') {
          pos++;
        } else {
          expect('}');
          return map;
        }
      }
    }

    private List<Object> array() {
      List<Object> list = new ArrayList<>();
      pos++;
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(value());
        skipWhitespace();
        if (peek() == ',') {
          pos++;
        } else {
          expect(']');
          return list;
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          throw error("raw control character in string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short unicode escape");
            }
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    private Object number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      boolean integral = true;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c >= '0' && c <= '9') {
          pos++;
        } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
          integral = false;
          pos++;
        } else {
          break;
        }
      }
      String text = s.substring(start, pos);
      if (text.isEmpty() || text.equals("-")) {
        throw error("expected a value");
      }
      return integral ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return value;
    }

    private void skipWhitespace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos++);
    }

    private void expect(char c) {
      if (next() != c) {
        pos--;
        throw error("expected '" + c + "'");
      }
    }

    private IllegalArgumentException error(String problem) {
      return new IllegalArgumentException(problem + " at offset " + pos);
    }
  }
}
