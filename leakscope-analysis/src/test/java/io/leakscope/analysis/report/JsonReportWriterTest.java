package io.leakscope.analysis.report;

import static io.leakscope.analysis.report.ReportFixtures.dominator;
import static io.leakscope.analysis.report.ReportFixtures.histogram;
import static io.leakscope.analysis.report.ReportFixtures.report;
import static io.leakscope.analysis.report.ReportFixtures.suspect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
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
            "inspections",
            "nativeMemory");
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
    Map<String, Object> json = StrictJson.parseObject(text);
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
      if (expected instanceof Record nested) {
        assertMatches(map.get(c.getName()), nested);
        continue;
      }
      assertThat(map.get(c.getName())).as(c.getName()).isEqualTo(expected);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> json, String key) {
    return (List<Object>) json.get(key);
  }

  private static Map<String, Object> parse(AnalysisReport report) throws IOException {
    return StrictJson.parseObject(write(report));
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
}
