package io.leakscope.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side comparison: makes sure a dump exists (generating it with {@link DumpGenerator}
 * if absent), then runs each tool's runner in its own child JVM of the same JDK, one after another,
 * and prints a table of wall time and peak RSS with ratios against leakscope, also written to
 * {@code WORK/compare-TIMESTAMP.md}.
 *
 * <p>Options (all optional):
 *
 * <pre>
 *   --dump PATH            the dump (default WORK/heap-OBJECTS.hprof, generated if absent)
 *   --objects N            objects for a generated dump (default 30000000)
 *   --work DIR             work directory (default bench-work)
 *   --java PATH            java executable for every child (default $JAVA_HOME/bin/java)
 *   --xmx SIZE             -Xmx of the NetBeans and Shark runners (default 17g)
 *   --leakscope-xmx SIZE   -Xmx of the leakscope runner (default: none, the JVM's own default)
 *   --timeout-minutes N    per tool (default 30)
 *   --tools LIST           a subset of leakscope,leakscope-histogram,netbeans,shark (default:
 *                          leakscope,netbeans,shark, in that order)
 * </pre>
 *
 * <p>A tool that times out, runs out of memory or crashes gets a row saying so; the comparison goes
 * on.
 */
public final class Compare {

  private static final Map<String, Class<?>> RUNNERS =
      Map.of(
          "leakscope", LeakscopeRunner.class,
          "leakscope-histogram", LeakscopeRunner.Histogram.class,
          "netbeans", NetBeansRunner.class,
          "shark", SharkRunner.class);

  private Compare() {}

  /**
   * Command-line entry point.
   *
   * @param args see the class comment
   * @throws Exception if the dump cannot be generated or the report not written
   */
  /**
   * The JVM options the {@code ./leakscope} launcher adds by default (keep in sync with it), so
   * that leakscope is measured as users run it.
   */
  static final List<String> LAUNCHER_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-Xmn32m");

  /** The heap limit the launcher sets when it is given no {@code -Xmx} (keep in sync with it). */
  static final String LAUNCHER_DEFAULT_HEAP = "-XX:MaxRAMPercentage=70";

  public static void main(String[] args) throws Exception {
    CommandOptions options =
        new CommandOptions(
            args,
            Set.of(
                "--dump",
                "--objects",
                "--work",
                "--java",
                "--xmx",
                "--leakscope-xmx",
                "--timeout-minutes",
                "--tools"),
            Set.of());
    Path work = Path.of(options.get("--work", "bench-work"));
    long objects = options.getLong("--objects", DumpGenerator.DEFAULT_OBJECTS, 1);
    Path dump =
        Path.of(options.get("--dump", DumpGenerator.defaultPath(work, objects, false).toString()));
    Path java = options.java();
    String xmx = options.get("--xmx", "17g");
    String leakscopeXmx = options.get("--leakscope-xmx", "");
    Duration timeout = Duration.ofMinutes(options.getLong("--timeout-minutes", 30, 1));
    List<String> tools =
        Arrays.asList(options.get("--tools", "leakscope,netbeans,shark").split(","));
    for (String tool : tools) {
      if (!RUNNERS.containsKey(tool)) {
        throw new IllegalArgumentException(
            "--tools: " + tool + " (expected: leakscope, leakscope-histogram, netbeans, shark)");
      }
    }

    if (!Files.isRegularFile(dump)) {
      System.out.println("no dump at " + dump + "; generating " + objects + " objects");
      DumpGenerator.Dump generated =
          DumpGenerator.generate(
              java, dump, objects, false, DumpGenerator.defaultXmx(objects), System.out);
      System.out.printf(
          "generated %s: %,d bytes, about %,d objects%n",
          generated.path(), generated.bytes(), generated.workloadObjects());
    }
    long dumpBytes = Files.size(dump);
    warmFileCache(dump);

    List<ToolRun> runs = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    for (String tool : tools) {
      boolean ours = tool.startsWith("leakscope");
      String heap = ours ? leakscopeXmx : xmx;
      List<String> jvmOptions =
          new ArrayList<>(heap.isEmpty() ? List.of() : List.of("-Xmx" + heap));
      if (ours) {
        if (heap.isEmpty()) {
          jvmOptions.add(LAUNCHER_DEFAULT_HEAP);
        }
        jvmOptions.addAll(LAUNCHER_JVM_OPTIONS);
      }
      ChildJvm child =
          new ChildJvm(
                  tool,
                  java,
                  jvmOptions,
                  System.getProperty("java.class.path"),
                  RUNNERS.get(tool),
                  List.of(dump.toAbsolutePath().toString()))
              .timeout(timeout)
              .echoTo(System.out);
      commands.add(
          String.join(" ", child.command()).replace(System.getProperty("java.class.path"), "CP"));
      System.out.println(
          "== " + tool + " (" + (heap.isEmpty() ? "default heap" : "-Xmx" + heap) + ")");
      ToolRun run = ToolRun.of(tool, child.run());
      runs.add(run);
      System.out.println("== " + tool + ": " + run.status());
    }

    String title =
        String.format(
            "leakscope comparison, %s, dump %s (%,d bytes), %s, %d cores",
            LocalDateTime.now().withNano(0),
            dump.getFileName(),
            dumpBytes,
            javaVersion(java),
            Runtime.getRuntime().availableProcessors());
    ComparisonTable table = new ComparisonTable(runs, dumpBytes);
    System.out.println();
    System.out.println(title);
    System.out.println(table.asText());

    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path markdown = work.resolve("compare-" + stamp + ".md");
    Files.createDirectories(work);
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    md.append(table.asMarkdown()).append('\n');
    md.append("Commands (CP = this module's jar and target/lib/*):\n\n");
    for (String command : commands) {
      md.append("    ").append(command).append('\n');
    }
    md.append("\nResult lines:\n\n");
    for (ToolRun run : runs) {
      md.append("    ")
          .append(run.result().map(r -> RunResult.format(r.fields())).orElse(run.tool() + ": none"))
          .append('\n');
    }
    Files.writeString(markdown, md.toString(), StandardCharsets.UTF_8);
    System.out.println("written to " + markdown);
  }

  /** Reads the dump once, untimed, so every tool finds it in the page cache alike. */
  private static void warmFileCache(Path dump) throws IOException {
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(dump)) {
      while (in.read(buffer) >= 0) {
        // only the side effect matters
      }
    }
  }

  private static String javaVersion(Path java) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    String[] lines = text.split("\\R");
    return lines.length > 1 ? lines[1].trim() : text.trim();
  }
}
