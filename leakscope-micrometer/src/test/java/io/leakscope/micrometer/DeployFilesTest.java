package io.leakscope.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakscope.watchdog.Signal;
import io.leakscope.watchdog.Watchdog;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 * LeakscopeMetrics} (the same names as the agent's {@code /metrics}) or Micrometer's JVM binders
 * really export, and every alert links a runbook section that exists. The exported names come from
 * scraping a Prometheus registry bound to a running watchdog and the JVM binders, not from a list
 * kept by hand.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Path RUNBOOKS = Path.of("..", "docs", "runbooks.md");
  private static final Pattern METRIC = Pattern.compile("\\b(leakscope|jvm|process)_[a-z0-9_]+\\b");
  private static final Pattern RUNBOOK = Pattern.compile("docs/runbooks\\.md#([a-z0-9-]+)");
  private static final Pattern SIGNAL_LABEL = Pattern.compile("signal\\s*!?=\\s*\"([^\"]*)\"");
  private static final Pattern DURATION = Pattern.compile("\\d+[smhd]");

  @TempDir static Path dir;
  private static Watchdog watchdog;
  private static Set<String> exported;

  @BeforeAll
  static void scrape() throws Exception {
    watchdog = RunningWatchdog.start(dir);
    // leakscope's own meters and Micrometer's JVM binders, which deploy/ reuses for raw counts.
    exported =
        PrometheusNames.exported(
            new LeakscopeMetrics(watchdog),
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new JvmMemoryMetrics(),
            new FileDescriptorMetrics());
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
        Map<String, Object> annotations = map(rule.get("annotations"));
        assertThat(annotations).as(alert).containsKeys("summary", "description", "runbook_url");
        Matcher runbook = RUNBOOK.matcher(String.valueOf(annotations.get("runbook_url")));
        assertThat(runbook.matches()).as("%s runbook_url", alert).isTrue();
        assertThat(runbook.group(1)).as(alert).isEqualTo(alert.toLowerCase(Locale.ROOT));
        used.addAll(assertQueriesExported(alert, String.valueOf(rule.get("expr"))));
      }
    }
    assertThat(alerts)
        .contains(
            "LeakscopeLeakSuspected",
            "LeakscopeHeapFullSoon",
            "LeakscopeThreadLeakSuspected",
            "LeakscopeFileDescriptorsNearLimit",
            "LeakscopeNoVerdict",
            "LeakscopeMemoryDoesNotFit",
            "LeakscopeNativeGrowth",
            "LeakscopeNearMemoryLimit");
    assertThat(used)
        .contains(
            "leakscope_leak_suspected",
            "leakscope_state",
            "leakscope_heap_time_to_full_seconds",
            "jvm_threads_live_threads",
            "process_files_open_files",
            "process_files_max_files",
            "leakscope_memory_fit",
            "leakscope_native_growing",
            "leakscope_container_memory_working_set_bytes",
            "leakscope_container_memory_limit_bytes");
    // One runbook section per alert, and none for an alert that does not exist.
    Set<String> sections = new TreeSet<>();
    for (String line : Files.readAllLines(RUNBOOKS)) {
      if (line.startsWith("## ")) {
        sections.add(line.substring(3).strip());
      }
    }
    assertThat(sections).isEqualTo(new TreeSet<>(alerts));
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
            "leakscope_state",
            "leakscope_live_set_readings",
            "jvm_threads_live_threads",
            "process_files_open_files",
            "jvm_buffer_memory_used_bytes",
            "leakscope_process_resident_bytes",
            "leakscope_container_memory_limit_bytes",
            "leakscope_memory_non_heap_bytes",
            "leakscope_native_memory_committed_bytes");
  }

  /** Checks a PromQL expression's metric names and signal labels; returns the names. */
  private static Set<String> assertQueriesExported(String where, String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    assertThat(names).as("%s queries a known metric: %s", where, expr).isNotEmpty();
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
