package io.leakscope.benchmarks;

import io.leakscope.watchdog.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How long the agent, with its default settings, takes to a verdict per collector and JDK, and how
 * many false alarms it raises on healthy services in the same time: one child JVM per JDK,
 * collector and {@link TrendWorkload} mode ({@code leak}: 1% of the heap per minute; {@code cache}:
 * a cache churning at its bound; {@code steady}: short-lived garbage only), {@code -Xmx256m}, each
 * with {@code -javaagent:…=dir=…} and nothing else, run for {@code --seconds}.
 *
 * <p>Read from each child's {@code events.jsonl}: the time from {@code WATCHDOG_STARTED} to the
 * first {@code LEAK_SUSPECTED} (what an agent without verdict states writes too, so that jars from
 * before and after a change compare), the count of {@code LEAK_SUSPECTED}, and, where the agent
 * writes them, the first {@code VERDICT_CHANGED} and the last state; from its {@code -Xlog:gc}
 * file, the collections of the old generation (full GCs, G1 concurrent cycles, ZGC cycles or major
 * collections).
 *
 * <p>Options: {@code --agent PATH} (leakscope-agent/target/leakscope-agent.jar), {@code --label
 * NAME} (after), {@code --seconds N} (1200), {@code --modes leak,cache,steady}, {@code --collectors
 * Serial,Parallel,G1,Z}, {@code --jdks HOME,HOME} (this JVM's and, if present,
 * /usr/lib/jvm/temurin-25-jdk-amd64), {@code --work DIR} (bench-work/time-to-verdict-TIME); or
 * {@code --summarize DIR/LABEL} to print the table of runs already made under it. All children run
 * at once: they are light (10 MB/s of garbage each), but run it under {@code nice} on a shared
 * machine.
 */
public final class TimeToVerdict {

  private static final Pattern GC_LINE =
      Pattern.compile("\\[info\\]\\[gc[ ,a-z]*\\] GC\\((\\d+)\\) (.*)");

  private TimeToVerdict() {}

  public static void main(String[] args) throws Exception {
    CommandOptions o =
        new CommandOptions(
            args,
            Set.of(
                "--agent",
                "--label",
                "--seconds",
                "--modes",
                "--collectors",
                "--jdks",
                "--work",
                "--summarize"),
            Set.of());
    if (o.has("--summarize")) {
      System.out.print(summary(Path.of(o.get("--summarize", "."))));
      return;
    }
    Path agent = Path.of(o.get("--agent", "leakscope-agent/target/leakscope-agent.jar"));
    if (!Files.isRegularFile(agent)) {
      throw new IllegalArgumentException(
          "--agent: " + agent + " does not exist (build it: mvn -pl leakscope-agent -am package)");
    }
    long seconds = o.getLong("--seconds", 1200, 10);
    String label = o.get("--label", "after");
    List<String> modes = List.of(o.get("--modes", "leak,cache,steady").split(","));
    List<String> collectors = List.of(o.get("--collectors", "Serial,Parallel,G1,Z").split(","));
    List<Path> jdks = new ArrayList<>();
    if (o.has("--jdks")) {
      Arrays.stream(o.get("--jdks", "").split(",")).map(Path::of).forEach(jdks::add);
    } else {
      jdks.add(Path.of(System.getProperty("java.home")));
      Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
      if (Files.isDirectory(jdk25)) {
        jdks.add(jdk25);
      }
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path work = Path.of(o.get("--work", "bench-work/time-to-verdict-" + stamp)).resolve(label);
    String classPath =
        Path.of(TrendWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    List<Process> children = new ArrayList<>();
    for (String mode : modes) {
      for (Path jdk : jdks) {
        for (String gc : collectors) {
          Path dir = Files.createDirectories(work.resolve(mode + "-" + feature(jdk) + "-" + gc));
          List<String> command =
              List.of(
                  jdk.resolve("bin").resolve("java").toString(),
                  "-Xmx256m",
                  "-XX:+Use" + gc + "GC",
                  "-Xlog:gc*:file=" + dir.resolve("gc.log"),
                  "-javaagent:" + agent.toAbsolutePath() + "=dir=" + dir.toAbsolutePath(),
                  "-cp",
                  classPath,
                  TrendWorkload.class.getName(),
                  mode,
                  Long.toString(seconds));
          Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
          children.add(
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(dir.resolve("out.log").toFile())
                  .start());
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "%d children for %d s under %s%n", children.size(), seconds, work);
    for (Process child : children) {
      if (!child.waitFor(seconds + 120, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    System.out.print(summary(work));
  }

  /** The feature version of a JDK home, from its {@code release} file. */
  private static String feature(Path jdk) throws IOException {
    for (String line : Files.readAllLines(jdk.resolve("release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        return version.split("\\.")[0];
      }
    }
    return jdk.getFileName().toString();
  }

  /** One Markdown table row per run directory under {@code work}. */
  static String summary(Path work) throws IOException {
    StringBuilder table = new StringBuilder();
    table.append(
        "| run | first LEAK_SUSPECTED | LEAK_SUSPECTED | first verdict | last state | old"
            + " collections | ran |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    List<Path> runs;
    try (Stream<Path> list = Files.list(work)) {
      runs = list.filter(Files::isDirectory).sorted().toList();
    }
    for (Path run : runs) {
      table.append(row(run)).append('\n');
    }
    return table.toString();
  }

  private static String row(Path run) throws IOException {
    List<Map<?, ?>> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
        if (!line.isBlank()) {
          events.add((Map<?, ?>) JsonReader.parse(line));
        }
      }
    } catch (NoSuchFileException none) {
      return "| " + run.getFileName() + " | no events.jsonl | | | | | |";
    }
    Instant start = null;
    Instant end = null;
    String firstSuspected = "none";
    int suspected = 0;
    String firstVerdict = "none";
    String lastState = "(no states)";
    for (Map<?, ?> event : events) {
      Instant time = Instant.parse((String) event.get("time"));
      String type = (String) event.get("type");
      if (start == null && "WATCHDOG_STARTED".equals(type)) {
        start = time;
      }
      end = time;
      if (start == null) {
        continue;
      }
      if ("LEAK_SUSPECTED".equals(type) && suspected++ == 0) {
        firstSuspected = minutes(Duration.between(start, time));
      }
      if ("VERDICT_CHANGED".equals(type)) {
        lastState = (String) event.get("state");
        if (firstVerdict.equals("none")) {
          firstVerdict =
              minutes(Duration.between(start, time))
                  + " "
                  + lastState
                  + " ("
                  + event.get("basis")
                  + ")";
        }
      }
    }
    String ran = start == null || end == null ? "?" : minutes(Duration.between(start, end));
    return String.join(
        " | ",
        "| " + run.getFileName(),
        firstSuspected,
        Integer.toString(suspected),
        firstVerdict,
        lastState,
        oldCollections(run.resolve("gc.log")),
        ran + " |");
  }

  /** Collections of the old generation in a {@code -Xlog:gc} file, by kind. */
  private static String oldCollections(Path gcLog) throws IOException {
    if (!Files.exists(gcLog)) {
      return "?";
    }
    // By GC id: the log may repeat a collection's line at its start and its end.
    Set<String> full = new HashSet<>();
    Set<String> concurrent = new HashSet<>();
    Set<String> mixed = new HashSet<>();
    Set<String> cycles = new HashSet<>();
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      String id = m.group(1);
      String what = m.group(2);
      if (what.startsWith("Pause Full")) {
        full.add(id);
      } else if (what.startsWith("Concurrent Mark Cycle")) {
        concurrent.add(id);
      } else if (what.startsWith("Pause Young (Mixed)")) {
        mixed.add(id);
      } else if (what.startsWith("Garbage Collection (") || what.startsWith("Major Collection (")) {
        cycles.add(id);
      }
    }
    return String.format(
        Locale.ROOT,
        "%d full, %d G1 cycles, %d mixed, %d ZGC (major) cycles",
        full.size(),
        concurrent.size(),
        mixed.size(),
        cycles.size());
  }

  private static String minutes(Duration d) {
    return String.format(Locale.ROOT, "%.1f min", d.toMillis() / 60_000.0);
  }
}
