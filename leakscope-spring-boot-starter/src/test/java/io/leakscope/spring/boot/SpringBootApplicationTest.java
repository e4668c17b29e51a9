package io.leakscope.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.leakscope.spring.boot.app.LeakingApplication;
import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real Spring Boot application: Spring MVC on embedded Tomcat on a random port,
 * Actuator and the Prometheus registry from Maven Central, the starter found through its
 * auto-configuration imports like any other. Everything is checked over HTTP, as a user or
 * Prometheus would see it.
 */
class SpringBootApplicationTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(LeakingApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
        .properties("management.endpoints.web.exposure.include=health,prometheus,leakscope")
        .properties("management.endpoint.health.show-details=always")
        .properties(properties)
        .run();
  }

  private static String base(ConfigurableApplicationContext app) {
    return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> getJson(String url) throws Exception {
    HttpResponse<String> response = get(url);
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return StrictJson.parseObject(response.body());
  }

  /**
   * {@code /actuator/health}, which must answer 200 with the aggregate {@code UP}: the component
   * {@code leakscope}.
   */
  private static Map<String, Object> leakscopeHealth(String base) throws Exception {
    Map<String, Object> health = getJson(base + "/actuator/health");
    assertThat(health.get("status")).isEqualTo("UP");
    return map(map(health.get("components")).get("leakscope"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void atStartTheEndpointHealthAndPrometheusSayInsufficientData() throws Exception {
    // checks every 500 ms: the first footprint of the process's memory is taken at the first
    try (ConfigurableApplicationContext app =
        start("leakscope.evidence-dir=" + dir, "leakscope.check-interval=500ms")) {
      String base = base(app);

      Map<String, Object> leakscope = getJson(base + "/actuator/leakscope");
      assertThat(leakscope.get("state")).isEqualTo("insufficient-data");
      assertThat(map(leakscope.get("trend"))).containsKeys("samples", "liveBytes", "pValue");
      // Signals appear once sampled (the first check); a map from the start.
      assertThat(map(leakscope.get("signals"))).isNotNull();
      assertThat(leakscope.get("evidenceDir")).isEqualTo(dir.toString());
      // The watchdog's event log is the first piece of evidence.
      assertThat((List<Object>) leakscope.get("evidence"))
          .anySatisfy(e -> assertThat(map(e).get("name")).isEqualTo("events.jsonl"));

      Map<String, Object> contributor = leakscopeHealth(base);
      // Nothing known yet is not "UP".
      assertThat(contributor.get("status")).isEqualTo("UNKNOWN");
      assertThat(map(contributor.get("details")).get("state")).isEqualTo("insufficient-data");

      HttpResponse<String> prometheus = get(base + "/actuator/prometheus");
      assertThat(prometheus.statusCode()).isEqualTo(200);
      Matcher liveSet =
          Pattern.compile("(?m)^leakscope_live_set_bytes(\\{[^}]*\\})? (\\S+)$")
              .matcher(prometheus.body());
      assertThat(liveSet.find()).as(prometheus.body()).isTrue();
      Double.parseDouble(liveSet.group(2));
      // nothing known yet: the state gauge says so, and "leak suspected" is neither 0 nor 1
      assertThat(prometheus.body())
          .contains("\nleakscope_state 0.0")
          .contains("\nleakscope_leak_suspected NaN");

      // Evidence files are not served unless leakscope.evidence-download=true.
      assertThat(get(base + "/actuator/leakscope/events.jsonl").statusCode()).isEqualTo(403);

      assertMemoryIsThisProcesss(base);
    }
    // Closed with the application: the event log ends with the watchdog's last word.
    List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
    assertThat(events.get(events.size() - 1)).contains("\"WATCHDOG_STOPPED\"");
  }

  /**
   * {@code memory} in the endpoint is this JVM's (the application runs in the test's JVM), checked
   * against the kernel's and the runtime's own figures read here; the health details carry its
   * verdicts.
   */
  private static void assertMemoryIsThisProcesss(String base) throws Exception {
    Map<String, Object> memory = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (memory == null && System.nanoTime() < deadline) {
      memory = map(getJson(base + "/actuator/leakscope").get("memory"));
      Thread.sleep(100);
    }
    assertThat(memory).as("memory after the first check").isNotNull();
    Map<String, Long> status = procStatus();
    long rss = number(memory, "rssBytes");
    // RSS is anonymous + file + shared pages, as the kernel counts it; the footprint is a moment
    // ago, so within the peak and near the RSS now
    assertThat(
            number(memory, "anonymousBytes")
                + number(memory, "fileBytes")
                + number(memory, "sharedBytes"))
        .isEqualTo(rss);
    assertThat(rss).isPositive().isLessThanOrEqualTo(status.get("VmHWM"));
    assertThat((double) rss).isCloseTo((double) status.get("VmRSS"), withinPercentage(25));
    long heapMax = number(memory, "heapMaxBytes");
    assertThat((double) heapMax).isCloseTo(Runtime.getRuntime().maxMemory(), withinPercentage(5));
    long nonHeap = number(memory, "nonHeapBytes");
    assertThat(nonHeap).isPositive().isLessThan(rss);
    // the limit: the container's when it has one, else the host's memory
    long limit = number(memory, "limitBytes");
    Map<String, Object> container = map(memory.get("container"));
    if (container != null && container.get("limitBytes") != null) {
      assertThat(memory.get("limitIsContainer")).isEqualTo(true);
      assertThat(limit).isEqualTo(number(container, "limitBytes"));
    } else {
      assertThat(memory.get("limitIsContainer")).isEqualTo(false);
      assertThat(limit).isEqualTo(memTotal());
    }
    // the fit verdict, worked out here from its own numbers and the rule of docs/memory.md
    long needed = heapMax + nonHeap;
    String fit = needed > limit ? "does-not-fit" : needed > 0.9 * limit ? "tight" : "fits";
    Map<String, Object> fitJson = map(memory.get("fit"));
    assertThat(fitJson.get("state")).as("%s", fitJson).isEqualTo(fit);
    assertThat(number(fitJson, "headroomBytes")).isEqualTo(limit - needed);
    // one footprint cannot show growth; NMT is off in this JVM
    assertThat(map(memory.get("nativeGrowth")).get("state")).isEqualTo("insufficient-data");
    assertThat(memory.get("nmt")).isNull();
    assertThat((List<Object>) memory.get("problems")).isNotNull();

    Map<String, Object> details = map(leakscopeHealth(base).get("details"));
    assertThat(details.get("memoryFit")).isEqualTo(fit);
    assertThat(details.get("nativeGrowth")).isEqualTo("insufficient-data");
    assertThat(((Number) details.get("rssBytes")).longValue()).isPositive();
  }

  private static long number(Map<String, Object> json, String key) {
    return ((Number) json.get(key)).longValue();
  }

  /** The {@code kB} lines of {@code /proc/self/status} in bytes, by name. */
  private static Map<String, Long> procStatus() throws IOException {
    Map<String, Long> values = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      Matcher m = Pattern.compile("^(\\w+):\\s+(\\d+) kB$").matcher(line);
      if (m.matches()) {
        values.put(m.group(1), Long.parseLong(m.group(2)) * 1024);
      }
    }
    return values;
  }

  private static long memTotal() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      Matcher m = Pattern.compile("^MemTotal:\\s+(\\d+) kB$").matcher(line);
      if (m.matches()) {
        return Long.parseLong(m.group(1)) * 1024;
      }
    }
    throw new AssertionError("no MemTotal in /proc/meminfo");
  }

  @Test
  void aPlantedLeakTurnsTheEndpointAndHealthToLeaking() throws Exception {
    try (ConfigurableApplicationContext app =
        start(
            "leakscope.evidence-dir=" + dir,
            "leakscope.window=20s",
            "leakscope.warm-up=0s",
            "leakscope.check-interval=500ms",
            // No heap dump of the test JVM: the quota is below any dump; the histogram is written.
            "leakscope.disk-quota=1MB",
            "leakscope.evidence-download=true")) {
      String base = base(app);
      String state = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
      while (!state.equals("leaking") && System.nanoTime() < deadline) {
        assertThat(get(base + "/leak?kb=1024").statusCode()).isEqualTo(200);
        assertThat(get(base + "/gc").statusCode()).isEqualTo(200);
        Thread.sleep(200);
        state = (String) getJson(base + "/actuator/leakscope").get("state");
      }
      assertThat(state).isEqualTo("leaking");

      // A suspected leak is reported, but does not fail the probe: HTTP 200, aggregate UP.
      Map<String, Object> contributor = leakscopeHealth(base);
      assertThat(contributor.get("status")).isEqualTo("LEAK_SUSPECTED");
      Map<String, Object> details = map(contributor.get("details"));
      assertThat(details.get("state")).isEqualTo("leaking");
      assertThat(((Number) details.get("growthBytesPerSecond")).doubleValue()).isPositive();

      assertThat(get(base + "/actuator/prometheus").body())
          .contains("\nleakscope_leak_suspected 1.0");

      // The first leaking check writes a class histogram; it is listed, and served as it is on
      // disk.
      String histogram = null;
      while (histogram == null && System.nanoTime() < deadline + Duration.ofSeconds(10).toNanos()) {
        for (Object e : (List<Object>) getJson(base + "/actuator/leakscope").get("evidence")) {
          String name = (String) map(e).get("name");
          if (name.startsWith("histogram-")) {
            histogram = name;
          }
        }
        Thread.sleep(100);
      }
      assertThat(histogram).as("a histogram in the evidence list").isNotNull();
      HttpResponse<byte[]> download =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/actuator/leakscope/" + histogram)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body()).isEqualTo(Files.readAllBytes(dir.resolve(histogram)));

      // Only names from the list: nothing else in or outside the directory.
      Files.writeString(dir.resolve("notes.txt.partial"), "half-written");
      for (String name :
          List.of(
              "notes.txt.partial", "heap-none.hprof.gz", "..%2Fevents.jsonl", "%2Fetc%2Fpasswd")) {
        int status = get(base + "/actuator/leakscope/" + name).statusCode();
        assertThat(status).as(name).isIn(400, 404);
      }
    }
  }
}
