package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report page as text; {@code LiveReportInBrowserTest} (command line) opens it in Chromium. */
class DiagnosticsReportTest {

  private static final TrendSettings SETTINGS =
      new TrendSettings(Duration.ofMinutes(10), Duration.ofMinutes(2), 0.01, 1024.0, 0.025, 8);

  /** What {@code jcmd GC.class_histogram} printed on JDK 17, cut short. */
  private static final String JCMD =
      """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:         52031       13358400  [B (java.base@17.0.15)
         2:         49530        1188720  java.lang.String (java.base@17.0.15)
         3:          1204         310712  [Ljava.lang.Object; (java.base@17.0.15)
         4:           800          51200  [[J (java.base@17.0.15)
      Total        103565       14909032
      """;

  /** Twelve readings a minute apart, from 2 MB to 12.7 MB. */
  private static LiveSetSeries.Series growing() {
    int n = 12;
    long[] times = new long[n];
    long[] bytes = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = 1_700_000_000_000L + i * 60_000L;
      bytes[i] = 2_000_000L + i * (13_358_400L - 2_000_000L) / (n - 1);
    }
    return new LiveSetSeries.Series(times, bytes);
  }

  private static String page(TrendVerdict verdict, LiveSetSeries.Series series) {
    return DiagnosticsReport.html(
        verdict, series, SETTINGS, ClassHistogram.parse(JCMD), "Taken now, after a full GC.");
  }

  @Test
  void insufficientDataSaysCollectingAndNeverLooksHealthy() {
    TrendVerdict verdict =
        new TrendVerdict(TrendVerdict.State.INSUFFICIENT_DATA, 2, 0.0, 1.0, 5_000_000, -1);
    String html = page(verdict, growing());
    assertThat(html)
        .contains(
            "data-state=\"insufficient-data\"",
            "Collecting data",
            "2 of 8 readings after the warm-up",
            "not a sign of health",
            "<title>leakscope · collecting data</title>")
        .doesNotContain("Healthy", "healthy</", "Leaking", "not leaking");
  }

  @Test
  void healthyAndLeakingSayWhichWithHumanUnits() {
    String healthy =
        page(new TrendVerdict(TrendVerdict.State.HEALTHY, 12, 3.0, 0.4, 5_000_000, -1), growing());
    assertThat(healthy)
        .contains("data-state=\"healthy\"", "Healthy</span> No steady growth", "last 10m")
        .doesNotContain("Collecting data", "Leaking");

    // 617,000 B/s is 602.5 KB/s; 13,358,400 B is 12.7 MB; 1,500 s is 25 minutes.
    String leaking =
        page(
            new TrendVerdict(TrendVerdict.State.LEAKING, 12, 617_000, 1.2e-9, 13_358_400, 1500),
            growing());
    assertThat(leaking)
        .contains(
            "data-state=\"leaking\"",
            "The live set grows 602.5 KB/s",
            "<dd>12.7 MB</dd>",
            "<dd>1.2e-09</dd>",
            "<dd>about 25m</dd>",
            "<dd>10m, after a warm-up of 2m</dd>")
        .doesNotContain("13358400", "617000", "Collecting data");
  }

  @Test
  void axisLabelsAreRoundValuesInHumanUnitsCoveringTheSeries() {
    String html =
        page(new TrendVerdict(TrendVerdict.State.HEALTHY, 12, 0, 0.5, 13_358_400, -1), growing());
    List<String> y = labels(html, "y-label");
    assertThat(y).first().isEqualTo("0 B");
    assertThat(y).allMatch(l -> l.matches("0 B|\\d+(\\.\\d)? (B|KB|MB|GB)"), "human units");
    // 13,358,400 B is 12.74 MB: the top gridline is the first round value above it.
    assertThat(y).contains("5 MB", "10 MB").last().isEqualTo("15 MB");
    List<String> x = labels(html, "x-label");
    assertThat(x).first().isEqualTo("0s");
    assertThat(x).allMatch(l -> Durations.parse(l) != null, "durations as options write them");
    // Eleven minutes of readings, ticks two minutes apart.
    assertThat(x).containsExactly("0s", "2m", "4m", "6m", "8m", "10m");
  }

  @Test
  void classNamesReadAsJavaSource() {
    String html = page(new TrendVerdict(TrendVerdict.State.HEALTHY, 12, 0, 0.5, 1, -1), growing());
    assertThat(html)
        .contains(
            "<td class=\"name\">byte[]</td>",
            "<td class=\"name\">java.lang.Object[]</td>",
            "<td class=\"name\">long[][]</td>",
            "<td class=\"num\">52,031</td><td class=\"num\">12.7 MB</td>")
        .doesNotContain("[B", "[J", "[Ljava");
  }

  @Test
  void noReadingsYetIsSaidInWords() {
    String html = page(TrendVerdict.NONE, new LiveSetSeries.Series(new long[0], new long[0]));
    assertThat(html)
        .contains("data-state=\"insufficient-data\"", "0 of 8 readings", "No readings yet")
        .doesNotContain("<svg");
  }

  @Test
  void thePageIsSelfContainedAndEscapesWhatTheJvmNames() {
    String hostile = "<script>alert(1)</script>\"'&";
    String html =
        DiagnosticsReport.html(
            TrendVerdict.NONE,
            growing(),
            SETTINGS,
            List.of(new ClassHistogram.Row(hostile, 1, 16)),
            "note <b>");
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;", "note &lt;b&gt;")
        .doesNotContain("<script", "http:", "https:", "src=", "href=", "url(", "@import");
  }

  @Test
  void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(DiagnosticsReport.niceStep(3.18)).isEqualTo(5);
    assertThat(DiagnosticsReport.niceStep(0.3)).isEqualTo(0.5);
    assertThat(DiagnosticsReport.niceStep(200)).isEqualTo(200);
    assertThat(DiagnosticsReport.niceStep(201)).isEqualTo(500);
    assertThat(DiagnosticsReport.niceStep(600)).isEqualTo(1000);
  }

  private static List<String> labels(String html, String cssClass) {
    Matcher m = Pattern.compile("class=\"" + cssClass + "\"[^>]*>([^<]*)<").matcher(html);
    List<String> labels = new ArrayList<>();
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  @Test
  void theMemorySectionShowsTheFitTheGrowthAndNmtsLargestCategories() {
    long mib = 1 << 20;
    // a 1 GiB container, heap max 768 MiB, 300 MiB outside the heap: 1068 MiB does not fit
    MemoryFootprint f =
        MemoryMonitorTest.footprint(
            0,
            768 * mib,
            300 * mib,
            0,
            500 * mib,
            "Total: reserved=900000KB, committed=600000KB\n"
                + "-                 Java Heap (reserved=786432KB, committed=204800KB)\n"
                + "-                     Class (reserved=1000KB, committed=800KB)\n"
                + "-                    Thread (reserved=30000KB, committed=3072KB)\n");
    MemoryStatus m =
        new MemoryStatus(
            f, MemoryFit.judge(768 * mib, 300 * mib, 1024 * mib, true), MemoryMonitor.UNMEASURED);
    String html =
        DiagnosticsReport.html(
            new TrendVerdict(TrendVerdict.State.HEALTHY, 12, 3.0, 0.4, 5_000_000, -1),
            growing(),
            SETTINGS,
            List.of(),
            "none",
            m);
    String section = html.substring(html.indexOf("<section id=\"memory\">"));
    section = section.substring(0, section.indexOf("</section>"));
    assertThat(section)
        .contains(
            "does not fit (not a leak): heap max 768 MiB + non-heap 300 MiB = 1068 MiB",
            "-Xmx621m",
            "<dt>resident (RSS)</dt><dd>500.0 MB</dd>",
            "<dt>container limit</dt><dd>1.0 GB</dd>",
            "<dt>outside the heap</dt><dd>300.0 MB</dd>")
        .doesNotContain("Java Heap", "tracking is off");
    // largest first: Thread 3 MB before Class 800 KB
    assertThat(section.indexOf("Thread")).isLessThan(section.indexOf("Class"));

    MemoryFootprint noNmt =
        MemoryMonitorTest.footprint(0, 256 * mib, 100 * mib, 0, 300 * mib, null);
    String off =
        DiagnosticsReport.html(
            TrendVerdict.NONE,
            growing(),
            SETTINGS,
            List.of(),
            "none",
            new MemoryStatus(
                noNmt,
                MemoryFit.judge(256 * mib, 100 * mib, 1024 * mib, true),
                MemoryMonitor.UNMEASURED));
    assertThat(off)
        .contains("fits: heap max 256 MiB", "-XX:NativeMemoryTracking=summary")
        .doesNotContain("NMT category");
  }
}
