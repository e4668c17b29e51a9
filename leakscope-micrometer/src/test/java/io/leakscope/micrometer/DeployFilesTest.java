package io.leakscope.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakscope.watchdog.Signal;
import io.leakscope.watchdog.Watchdog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/}: the Prometheus rules and the Grafana dashboard query only metrics that {@link
 * LeakscopeMetrics} really exports. The exported names come from scraping a Prometheus registry
 * bound to a running watchdog, not from a list kept by hand.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Pattern METRIC = Pattern.compile("\\bleakscope_[a-z0-9_]+\\b");
  private static final Pattern SIGNAL_LABEL = Pattern.compile("signal\\s*!?=\\s*\"([^\"]*)\"");
  private static final Pattern DURATION = Pattern.compile("\\d+[smhd]");

  @TempDir static Path dir;
  private static Watchdog watchdog;
  private static Set<String> exported;

  @BeforeAll
  static void scrape() throws Exception {
    watchdog = RunningWatchdog.start(dir);
    exported = PrometheusNames.exported(watchdog);
  }

  @AfterAll
  static void stop() {
    watchdog.close();
  }

  @Test
  void everyAlertIsCompleteAndQueriesExportedMetricsOnly() throws Exception {
    Map<String, Object> rules =
        new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/leakscope-rules.yml")));
    List<Map<String, Object>> groups = list(rules.get("groups"));
    assertThat(groups).isNotEmpty();
    Set<String> alerts = new HashSet<>();
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> group : groups) {
      assertThat(group.get("name")).isInstanceOf(String.class);
      for (Map<String, Object> rule : list(group.get("rules"))) {
        String alert = (String) rule.get("alert");
        assertThat(alerts.add(alert)).as("alert %s is unique", alert).isTrue();
        assertThat(rule).as(alert).containsKeys("expr", "for", "labels", "annotations");
        assertThat((String) rule.get("for")).as(alert).matches(DURATION);
        assertThat(map(rule.get("labels"))).as(alert).containsKey("severity");
        assertThat(map(rule.get("annotations"))).as(alert).containsKeys("summary", "description");
        used.addAll(assertQueriesExported(alert, String.valueOf(rule.get("expr"))));
      }
    }
    assertThat(alerts)
        .contains(
            "LeakscopeLeakSuspected",
            "LeakscopeHeapFullSoon",
            "LeakscopeThreadLeakSuspected",
            "LeakscopeFileDescriptorsNearLimit");
    assertThat(used)
        .contains(
            "leakscope_leak_suspected",
            "leakscope_heap_time_to_full_seconds",
            "leakscope_threads_live_threads",
            "leakscope_fds_open_files",
            "leakscope_fds_max_files");
  }

  @Test
  void everyDashboardQueryUsesExportedMetricsAndTheTemplate() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(DEPLOY.resolve("grafana/leakscope-dashboard.json").toFile());
    assertThat(dashboard.path("uid").asText()).isNotEmpty();
    List<String> variables = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      variables.add(variable.path("name").asText());
      if (!variable.path("type").asText().equals("query")) {
        continue;
      }
      String query = variable.path("query").path("query").asText(variable.path("query").asText());
      assertQueriesExported("variable " + variable.path("name"), query);
    }
    assertThat(variables).contains("datasource", "job", "instance");

    Set<Integer> ids = new HashSet<>();
    Set<String> used = new TreeSet<>();
    JsonNode panels = dashboard.path("panels");
    assertThat(panels.size()).isGreaterThanOrEqualTo(7);
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt())).as("id of %s is unique", title).isTrue();
      assertThat(panel.path("targets").size()).as(title).isPositive();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(expr).as(title).contains("job=~\"$job\"", "instance=~\"$instance\"");
        used.addAll(assertQueriesExported(title, expr));
      }
    }
    assertThat(used)
        .contains(
            "leakscope_live_set_bytes",
            "leakscope_live_set_growth_bytes_per_second",
            "leakscope_heap_time_to_full_seconds",
            "leakscope_leak_suspected",
            "leakscope_threads_live_threads",
            "leakscope_fds_open_files",
            "leakscope_buffer_memory_used_bytes");
  }

  /** Checks a PromQL expression's metric names and signal labels; returns the names. */
  private static Set<String> assertQueriesExported(String where, String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    assertThat(names).as("%s queries a leakscope metric: %s", where, expr).isNotEmpty();
    assertThat(exported).as("%s: %s", where, expr).containsAll(names);
    Set<String> keys = new HashSet<>();
    Stream.of(Signal.values()).filter(Signal::trended).forEach(s -> keys.add(s.key()));
    Matcher label = SIGNAL_LABEL.matcher(expr);
    while (label.find()) {
      assertThat(keys).as("%s: signal label in %s", where, expr).contains(label.group(1));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }
}
