package io.leakscope.analysis.report;

import static io.leakscope.analysis.report.ReportFixtures.dominator;
import static io.leakscope.analysis.report.ReportFixtures.histogram;
import static io.leakscope.analysis.report.ReportFixtures.report;
import static io.leakscope.analysis.report.ReportFixtures.suspect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {
  private static final String DATA_START =
      "<script type=\"application/json\" id=\"leakscope-data\">";

  /** Breaks out of a script element, or makes the parser miss its end, if written raw. */
  private static final String HOSTILE =
      "</script><script>alert(1)</script><!--<script>x</SCRIPT >\u2028\u2029"
          + "\u00e9\u4e2d\ud83d\ude00\u202e";

  @Test
  void pageLoadsNothingFromAnywhere() throws IOException {
    String page = write(fullReport());

    assertThat(page.toLowerCase(Locale.ROOT))
        .startsWith("<!doctype html>")
        .doesNotContain(
            "http:", "https:", "ftp:", "data:", "src=", "url(", "@import", "<link", "<img",
            "<iframe", "<object", "<embed", "<base");
    assertThat(contentSecurityPolicy(page))
        .startsWith("default-src 'none';")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void scriptAndStyleAreAdmittedByTheirHashesOnly() throws IOException {
    String page = write(fullReport());
    String policy = contentSecurityPolicy(page);

    String style = between(page, "<style>", "</style>");
    String script = between(page, "</script>\n<script>", "</script>");
    assertThat(policy)
        .contains("style-src '" + sha256(style) + "'")
        .contains("script-src '" + sha256(script) + "'");
  }

  @Test
  void pageScriptInsertsNoMarkup() throws IOException {
    String page = write(fullReport());

    // dump strings must reach the page as text nodes only
    assertThat(page)
        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
  }

  @Test
  void hostileNamesCannotLeaveTheDataBlockAndParseBack() throws IOException {
    Suspect hostileSuspect =
        new Suspect(1, HOSTILE, HOSTILE, HOSTILE, 3, 300, 100L, List.of(HOSTILE), HOSTILE);
    AnalysisReport report =
        report(
            List.of(new HistogramRow(HOSTILE, 1, 16, 16)),
            List.of(dominator(HOSTILE, List.of(HOSTILE))),
            List.of(hostileSuspect));
    String page = write(report);

    // exactly the page's own two script elements, each opened and closed once
    assertThat(count(page.toLowerCase(Locale.ROOT), "<script")).isEqualTo(2);
    assertThat(count(page.toLowerCase(Locale.ROOT), "</script")).isEqualTo(2);
    assertThat(page).doesNotContain("<!--", "alert(1)</");
    assertThat(page.chars().allMatch(c -> c < 0x80)).as("page is ASCII").isTrue();

    Map<String, Object> json = StrictJson.parseObject(dataBlock(page));
    assertThat(map(list(json, "histogram").get(0)).get("className")).isEqualTo(HOSTILE);
    assertThat(map(list(json, "dominators").get(0)).get("pathFromGcRoot"))
        .isEqualTo(List.of(HOSTILE));
    Map<String, Object> suspect = map(list(json, "suspects").get(0));
    assertThat(suspect.get("holder")).isEqualTo(HOSTILE);
    assertThat(suspect.get("explanation")).isEqualTo(HOSTILE);
  }

  @Test
  void dataBlockIsTheWholeJsonReport() throws IOException {
    AnalysisReport report = fullReport();
    StringWriter json = new StringWriter();
    new JsonReportWriter().write(report, json);

    Map<String, Object> embedded = StrictJson.parseObject(dataBlock(write(report)));

    assertThat(embedded).isEqualTo(StrictJson.parseObject(json.toString()));
  }

  @Test
  void fiftyThousandClassesAreAllInThePage() throws IOException {
    AnalysisReport report = report(histogram(50_000), List.of(), List.of());

    Map<String, Object> embedded = StrictJson.parseObject(dataBlock(write(report)));

    // the browser shows 500 at a time; the filter searches them all
    assertThat(list(embedded, "histogram")).hasSize(50_000);
  }

  /** Every section filled: baselines with a growth series, a tree with left-out children, waste. */
  private static AnalysisReport fullReport() {
    DumpSummary older =
        new DumpSummary(
            "/tmp/old.hprof",
            1,
            "JAVA PROFILE 1.0.2",
            8,
            false,
            1_699_999_000_000L,
            1,
            1,
            1,
            1,
            0,
            0,
            0,
            1,
            true,
            true,
            8);
    Suspect grown =
        suspect(104_857_600L)
            .withGrowth(1, "grew", 104_857_600L, List.of(209_715_200L, 314_572_800L), "It grew.");
    DominatorNode leaf = new DominatorNode("0x20", "byte[]", 1040, 1040, List.of(), 0, 0);
    DominatorNode top =
        new DominatorNode("0x10", "java.util.HashMap", 48, 314_572_800L, List.of(leaf), 7, 9_999);
    Inspection waste =
        new Inspection(
            "duplicate-strings",
            "2 duplicate strings",
            2,
            56,
            List.of(new InspectionHolder("com.acme.User.name", 2, 56, "alice")));
    return new AnalysisReport(
        ReportFixtures.dump(),
        histogram(3),
        List.of(dominator("java.util.HashMap", List.of("static A.b"))),
        List.of(grown),
        new Timings(1, 2, 3),
        List.of(older),
        List.of(top),
        List.of(waste));
  }

  private static String write(AnalysisReport report) throws IOException {
    StringWriter out = new StringWriter();
    new HtmlReportWriter().write(report, out);
    return out.toString();
  }

  private static String dataBlock(String page) {
    return between(page, DATA_START, "</script>");
  }

  private static String contentSecurityPolicy(String page) {
    Matcher m =
        Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")
            .matcher(page);
    assertThat(m.find()).as("CSP meta element").isTrue();
    return m.group(1);
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'%s' in the page", start).isGreaterThanOrEqualTo(0);
    from += start.length();
    int to = text.indexOf(end, from);
    assertThat(to).as("'%s' after '%s'", end, start).isGreaterThanOrEqualTo(0);
    return text.substring(from, to);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> json, String key) {
    return (List<Object>) json.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }
}
