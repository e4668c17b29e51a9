package io.leakscope.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakscope.cli.Main;
import io.leakscope.cli.it.ClassHistogram.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON report of {@code leakscope analyze DUMP --format json}, produced through the CLI entry
 * point exactly as a user would, and the parts of it the integration tests check.
 */
final class AnalyzedDump {
  /** One entry of {@code dominators}. */
  record Dominator(
      String objectId,
      String className,
      long shallowBytes,
      long retainedBytes,
      List<String> pathFromGcRoot) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dump;
  private final JsonNode report;

  private AnalyzedDump(Path dump, JsonNode report) {
    this.dump = dump;
    this.report = report;
  }

  /**
   * Runs {@code analyze dump --format json --output <json> --quiet [extraArguments…]} and reads the
   * report; fails the test if the command does not exit with 0.
   */
  static AnalyzedDump analyze(Path dump, Path json, String... extraArguments) {
    return run("analyze", dump, json, extraArguments);
  }

  /**
   * {@link #analyze} of the newest of {@code dumps} (the last) with the older ones as baselines.
   */
  static AnalyzedDump newestAgainstOlder(List<Path> dumps, Path json) {
    List<String> baselines = new ArrayList<>();
    for (Path older : dumps.subList(0, dumps.size() - 1)) {
      baselines.add("--baseline");
      baselines.add(older.toString());
    }
    return analyze(dumps.get(dumps.size() - 1), json, baselines.toArray(String[]::new));
  }

  /**
   * Runs {@code histogram dump --format json --output <json> --quiet}, the one-pass class census,
   * and reads its report: its {@code histogram} and {@code dump} sections read as analyze's do.
   */
  static AnalyzedDump census(Path dump, Path json) {
    return run("histogram", dump, json);
  }

  private static AnalyzedDump run(String command, Path dump, Path json, String... extraArguments) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                command,
                dump.toString(),
                "--format",
                "json",
                "--output",
                json.toString(),
                "--quiet"));
    arguments.addAll(List.of(extraArguments));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Main.execute(new PrintWriter(out), new PrintWriter(err), arguments.toArray(String[]::new));
    assertThat(exitCode)
        .as(
            "exit code of leakscope %s; stdout:%n%s%nstderr:%n%s",
            String.join(" ", arguments), out, err)
        .isZero();
    try {
      return new AnalyzedDump(dump, JSON.readTree(json.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JSON report " + json, e);
    }
  }

  Path dump() {
    return dump;
  }

  JsonNode json() {
    return report;
  }

  /** The {@code histogram} section, rows of the same class name added up. */
  ClassHistogram histogram() {
    Map<String, Row> rows = new TreeMap<>();
    for (JsonNode row : required("histogram")) {
      rows.merge(
          row.required("className").asText(),
          new Row(row.required("instances").asLong(), row.required("shallowBytes").asLong()),
          Row::plus);
    }
    return ClassHistogram.of(rows);
  }

  /** A top-level section as written, e.g. {@code "histogram"}; fails the test if it is missing. */
  JsonNode section(String name) {
    JsonNode node = report.get(name);
    assertThat(node).as("section '%s' of the report on %s", name, dump).isNotNull();
    return node;
  }

  List<Dominator> dominators() {
    List<Dominator> result = new ArrayList<>();
    for (JsonNode d : required("dominators")) {
      List<String> path = new ArrayList<>();
      JsonNode steps = d.path("pathFromGcRoot");
      steps.forEach(step -> path.add(step.asText()));
      result.add(
          new Dominator(
              d.path("objectId").asText(),
              d.required("className").asText(),
              d.required("shallowBytes").asLong(),
              d.required("retainedBytes").asLong(),
              List.copyOf(path)));
    }
    return result;
  }

  private JsonNode required(String name) {
    JsonNode node = section(name);
    assertThat(node.isArray())
        .as("section '%s' of the report on %s is an array", name, dump)
        .isTrue();
    return node;
  }
}
