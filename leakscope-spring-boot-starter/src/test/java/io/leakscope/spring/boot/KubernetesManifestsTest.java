package io.leakscope.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.leakscope.agent.AgentOptions;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code deploy/kubernetes/}: every manifest parses, every document names itself, the names that
 * tie the documents together (labels and selectors, port names, volumes) resolve, and the agent's
 * option string in {@code JAVA_TOOL_OPTIONS} is accepted by the agent's own parser.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("..", "deploy", "kubernetes");

  /** The value Kubernetes would put in for {@code $(POD_NAME)}. */
  private static final String POD = "orders-6d4f8b7c9-x2k7q";

  private static List<Map<String, Object>> documents() throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(DIR)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      try (Reader reader = Files.newBufferedReader(file)) {
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
          if (document == null) {
            continue;
          }
          assertThat(document).as(file + ": a document is a mapping").isInstanceOf(Map.class);
          documents.add(map(document));
        }
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  private static Object at(Map<String, Object> root, String... path) {
    Object value = root;
    for (String key : path) {
      assertThat(value).as(String.join(".", path)).isInstanceOf(Map.class);
      value = map(value).get(key);
    }
    assertThat(value).as(String.join(".", path)).isNotNull();
    return value;
  }

  private static Map<String, Object> only(List<Map<String, Object>> documents, String kind) {
    List<Map<String, Object>> ofKind =
        documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    assertThat(ofKind).as(kind).hasSize(1);
    return ofKind.get(0);
  }

  @Test
  void everyDocumentHasApiVersionKindAndName() throws IOException {
    List<Map<String, Object>> documents = documents();
    for (Map<String, Object> d : documents) {
      assertThat(d.get("apiVersion")).as(d.toString()).isInstanceOf(String.class);
      assertThat(d.get("kind")).as(d.toString()).isInstanceOf(String.class);
      assertThat(at(d, "metadata", "name")).isInstanceOf(String.class);
    }
    assertThat(documents)
        .extracting(d -> d.get("kind"))
        .contains("Deployment", "Service", "ServiceMonitor", "PersistentVolumeClaim");
  }

  @Test
  void portsLabelsAndVolumesResolve() throws IOException {
    List<Map<String, Object>> documents = documents();
    Map<String, Object> deployment = only(documents, "Deployment");
    Map<String, Object> service = only(documents, "Service");
    Map<String, Object> monitor = only(documents, "ServiceMonitor");
    Map<String, Object> pod = map(at(deployment, "spec", "template"));
    Map<String, Object> podLabels = map(at(pod, "metadata", "labels"));

    // Selectors pick what they mean to pick.
    assertThat(podLabels)
        .containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels")));
    assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
    assertThat(map(at(service, "metadata", "labels")))
        .containsAllEntriesOf(map(at(monitor, "spec", "selector", "matchLabels")));

    // Container ports by name and number.
    Map<String, Integer> containerPorts = new HashMap<>();
    List<Object> containers = list(at(pod, "spec", "containers"));
    for (Object c : containers) {
      for (Object p : list(map(c).get("ports"))) {
        containerPorts.put((String) at(map(p), "name"), (Integer) at(map(p), "containerPort"));
      }
    }
    // The scrape annotations name a container port.
    Map<String, Object> annotations = map(at(pod, "metadata", "annotations"));
    assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
    assertThat(containerPorts.values())
        .contains(Integer.valueOf((String) annotations.get("prometheus.io/port")));
    // The ServiceMonitor names a Service port whose target is a named container port.
    Map<String, Object> servicePortTargets = new HashMap<>();
    for (Object p : list(at(service, "spec", "ports"))) {
      servicePortTargets.put((String) at(map(p), "name"), at(map(p), "targetPort"));
    }
    for (Object e : list(at(monitor, "spec", "endpoints"))) {
      Object target = servicePortTargets.get((String) at(map(e), "port"));
      assertThat(target).as("ServiceMonitor port " + map(e).get("port")).isNotNull();
      assertThat(containerPorts).containsKey((String) target);
      assertThat(at(map(e), "path")).isEqualTo(annotations.get("prometheus.io/path"));
    }
    for (Object target : servicePortTargets.values()) {
      assertThat(containerPorts).containsKey((String) target);
    }

    // Every volume mount, in init and main containers, names a declared volume.
    Set<String> volumes = new HashSet<>();
    for (Object v : list(at(pod, "spec", "volumes"))) {
      volumes.add((String) at(map(v), "name"));
    }
    List<Object> all = new ArrayList<>(containers);
    all.addAll(list(map(at(pod, "spec")).get("initContainers")));
    for (Object c : all) {
      for (Object m : list(map(c).get("volumeMounts"))) {
        assertThat(volumes).as("volume of " + m).contains((String) at(map(m), "name"));
      }
    }
  }

  @Test
  void theAgentOptionsParseAndPointAtTheMountedVolumes() throws IOException {
    Map<String, Object> pod = map(at(only(documents(), "Deployment"), "spec", "template"));
    Map<String, Object> app = map(list(at(pod, "spec", "containers")).get(0));
    Map<String, Object> init = map(list(at(pod, "spec", "initContainers")).get(0));

    // JAVA_TOOL_OPTIONS as Kubernetes expands it: $(NAME) of an earlier variable.
    Map<String, String> env = new HashMap<>();
    String javaToolOptions = null;
    for (Object e : list(at(app, "env"))) {
      String name = (String) at(map(e), "name");
      Object value = map(e).get("value");
      if (value == null) {
        assertThat(at(map(e), "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
        env.put(name, POD);
        continue;
      }
      Matcher reference =
          Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher((String) value);
      StringBuilder expanded = new StringBuilder();
      while (reference.find()) {
        assertThat(env)
            .as("$(" + reference.group(1) + ") defined before " + name)
            .containsKey(reference.group(1));
        reference.appendReplacement(
            expanded, Matcher.quoteReplacement(env.get(reference.group(1))));
      }
      reference.appendTail(expanded);
      env.put(name, expanded.toString());
      if (name.equals("JAVA_TOOL_OPTIONS")) {
        javaToolOptions = expanded.toString();
      }
    }
    assertThat(javaToolOptions).isNotNull();
    String javaagent = null;
    for (String option : javaToolOptions.trim().split("\\s+")) {
      if (option.startsWith("-javaagent:")) {
        assertThat(javaagent).as("one -javaagent").isNull();
        javaagent = option.substring("-javaagent:".length());
      }
    }
    assertThat(javaagent).isNotNull();
    int eq = javaagent.indexOf('=');
    Path jar = Path.of(javaagent.substring(0, eq));
    String options = javaagent.substring(eq + 1);

    // The jar is where the init container copies it, on a volume both mount.
    Map<String, String> appMounts = mounts(app);
    Map<String, String> initMounts = mounts(init);
    String jarVolume = volumeHolding(appMounts, jar);
    assertThat(initMounts).containsKey(jarVolume);
    List<Object> command = list(at(init, "command"));
    Path copiedTo = Path.of((String) command.get(command.size() - 1));
    assertThat(copiedTo).isEqualTo(Path.of(initMounts.get(jarVolume)).resolve(jar.getFileName()));

    // The options, by the agent's own parser.
    Map<String, String> values = new HashMap<>();
    for (String part : options.split(",")) {
      values.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
    }
    AgentOptions parsed = parseAgentOptions(options, values);
    Path evidence = parsed.config().evidenceDir();
    assertThat(evidence.toString()).endsWith(POD);
    assertThat(volumeHolding(appMounts, evidence)).isEqualTo("leakscope-evidence");
    // The diagnostics endpoint (histograms, thread stacks) stays on loopback.
    assertThat(parsed.http()).isPresent();
    InetSocketAddress http = parsed.http().get();
    assertThat(http.getAddress().isLoopbackAddress()).as(values.get("http")).isTrue();
    // metrics= serves the scraped port.
    Map<String, Object> annotations = map(at(pod, "metadata", "annotations"));
    assertThat(values.get("metrics")).isEqualTo("0.0.0.0:" + annotations.get("prometheus.io/port"));
  }

  /**
   * The agent's parser, with {@code metrics=HOST:PORT} checked here when that parser does not know
   * the key yet (it is being added beside this test): the rest must still parse.
   */
  private static AgentOptions parseAgentOptions(String options, Map<String, String> values) {
    try {
      return AgentOptions.parse(options);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().startsWith("metrics=") || !e.getMessage().contains("unknown option")) {
        throw e;
      }
    }
    assertThat(values.get("metrics")).matches("[0-9.]+:[0-9]{1,5}");
    String withoutMetrics = options.replaceAll("(^|,)metrics=[^,]*", "");
    assertThatCode(() -> AgentOptions.parse(withoutMetrics)).doesNotThrowAnyException();
    return AgentOptions.parse(withoutMetrics);
  }

  private static Map<String, String> mounts(Map<String, Object> container) {
    Map<String, String> mounts = new HashMap<>();
    for (Object m : list(container.get("volumeMounts"))) {
      mounts.put((String) at(map(m), "name"), (String) at(map(m), "mountPath"));
    }
    return mounts;
  }

  private static String volumeHolding(Map<String, String> mounts, Path file) {
    for (Map.Entry<String, String> mount : mounts.entrySet()) {
      if (file.normalize().startsWith(Path.of(mount.getValue()))) {
        return mount.getKey();
      }
    }
    throw new AssertionError(file + " is on no mounted volume: " + mounts);
  }
}
