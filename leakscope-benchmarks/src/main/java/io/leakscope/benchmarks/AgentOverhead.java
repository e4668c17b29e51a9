package io.leakscope.benchmarks;

import io.leakscope.demo.DemoService;
import io.leakscope.demo.LoadGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of the healthy demo service ({@code --leak none}) under HTTP load, without the agent
 * and with it, in one run.
 *
 * <p>Each round starts a fresh service JVM per configuration, warms it up with one load run, then
 * measures a second; the load generator runs in its own JVM. The order of the configurations is
 * reversed every other round, so that a slow drift of the shared machine (other builds) falls on
 * all of them alike. Reported: the median requests/s of each configuration over the rounds and its
 * loss against the run without the agent.
 *
 * <p>Options: {@code --rounds N} (5), {@code --seconds N} measured per run (20), {@code
 * --warmup-seconds N} (10), {@code --workers N} (8), {@code --agent PATH}
 * (leakscope-agent/target/leakscope-agent.jar), {@code --java PATH} ($JAVA_HOME/bin/java), {@code
 * --output FILE} (bench-work/agent-overhead-TIME.md).
 */
public final class AgentOverhead {

  private static final Pattern RPS = Pattern.compile("requestsPerSecond=([0-9.]+)");
  private static final Pattern ERRORS = Pattern.compile("errors=(\\d+)");

  /** A way to run the service: its name and the agent option, empty for none. */
  private record Config(String name, String agentArgs) {}

  private AgentOverhead() {}

  public static void main(String[] args) throws Exception {
    CommandOptions o =
        new CommandOptions(
            args,
            Set.of(
                "--rounds",
                "--seconds",
                "--warmup-seconds",
                "--workers",
                "--agent",
                "--java",
                "--output"),
            Set.of());
    int rounds = (int) o.getLong("--rounds", 5, 1);
    int seconds = (int) o.getLong("--seconds", 20, 1);
    int warmup = (int) o.getLong("--warmup-seconds", 10, 1);
    int workers = (int) o.getLong("--workers", 8, 1);
    Path agent = Path.of(o.get("--agent", "leakscope-agent/target/leakscope-agent.jar"));
    if (!Files.isRegularFile(agent)) {
      throw new IllegalArgumentException(
          "--agent: " + agent + " does not exist (build it: mvn -pl leakscope-agent -am package)");
    }
    Path java =
        Path.of(
            o.get("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path output = Path.of(o.get("--output", "bench-work/agent-overhead-" + stamp + ".md"));
    Path work = Files.createTempDirectory("leakscope-agent-overhead");

    List<Config> configs =
        List.of(
            new Config("no agent", ""),
            new Config("agent", "=dir=" + work.resolve("evidence-agent")),
            new Config(
                "agent + http",
                "=dir=" + work.resolve("evidence-http") + ",http=127.0.0.1:0,token=benchmark"));
    Map<Config, List<Double>> results = new LinkedHashMap<>();
    configs.forEach(c -> results.put(c, new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      List<Config> order = new ArrayList<>(configs);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (Config c : order) {
        double rps = measure(java, agent, c, workers, warmup, seconds);
        results.get(c).add(rps);
        System.out.printf(Locale.ROOT, "round %d %-14s %8.1f requests/s%n", round, c.name(), rps);
      }
    }
    String report = report(results, configs, rounds, seconds, warmup, workers, java, work);
    System.out.println(report);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, report, StandardCharsets.UTF_8);
    System.out.println("written to " + output);
  }

  private static double measure(
      Path java, Path agent, Config c, int workers, int warmup, int seconds) throws Exception {
    // On the command line, not left to DemoService: with http= the agent starts its own HttpServer
    // before main, and the JDK reads this property once, at the first server (then 40 ms a request).
    List<String> command =
        new ArrayList<>(
            List.of(java.toString(), "-Xmx256m", "-Dsun.net.httpserver.nodelay=true"));
    if (!c.agentArgs().isEmpty()) {
      command.add("-javaagent:" + agent.toAbsolutePath() + c.agentArgs());
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            DemoService.class.getName(),
            "--leak",
            "none"));
    Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String url = awaitUrl(service);
      load(java, url, workers, warmup);
      String result = load(java, url, workers, seconds);
      Matcher errors = ERRORS.matcher(result);
      if (errors.find() && !errors.group(1).equals("0")) {
        System.out.println("  (" + errors.group(1) + " errors in that run)");
      }
      Matcher rps = RPS.matcher(result);
      if (!rps.find()) {
        throw new IOException("no requestsPerSecond in the load generator's output: " + result);
      }
      return Double.parseDouble(rps.group(1));
    } finally {
      service.destroy();
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor();
      }
    }
  }

  /** Reads the service's output until it listens; the rest is drained in the background. */
  private static String awaitUrl(Process service) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith(DemoService.LISTENING)) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (in.readLine() != null) {
                      // keep the pipe from filling up
                    }
                  } catch (IOException ignored) {
                    // the service is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return line.substring(DemoService.LISTENING.length()).split(" ")[0];
      }
    }
    throw new IOException("the demo service exited before listening");
  }

  private static String load(Path java, String url, int workers, int seconds) throws Exception {
    ChildJvm.Outcome out =
        new ChildJvm(
                "load",
                java,
                List.of("-Xmx256m"),
                System.getProperty("java.class.path"),
                LoadGenerator.class,
                List.of("--url", url, "--workers", "" + workers, "--duration", seconds + "s"))
            .timeout(Duration.ofSeconds(seconds + 60L))
            .run();
    if (out.exitCode() != 0) {
      throw new IOException("load generator failed (exit " + out.exitCode() + "): " + out.stderr());
    }
    return out.stdout();
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String report(
      Map<Config, List<Double>> results,
      List<Config> configs,
      int rounds,
      int seconds,
      int warmup,
      int workers,
      Path java,
      Path work)
      throws IOException {
    StringBuilder md = new StringBuilder();
    double base = median(results.get(configs.get(0)));
    md.append("| service | median requests/s | loss | each round |\n|---|---:|---:|---|\n");
    for (Config c : configs) {
      double m = median(results.get(c));
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %s | %s |%n",
              c.name(),
              m,
              c == configs.get(0)
                  ? "—"
                  : String.format(Locale.ROOT, "%.2f%%", (base - m) / base * 100),
              String.join(
                  " ",
                  results.get(c).stream()
                      .map(x -> String.format(Locale.ROOT, "%.0f", x))
                      .toList())));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%n%d rounds; per run %d s warm-up then %d s measured, %d workers, java %s (%s)."
                + " Agent options: %s%n",
            rounds,
            warmup,
            seconds,
            workers,
            Runtime.version(),
            java,
            Arrays.toString(configs.stream().map(Config::agentArgs).toArray())));
    for (Config c : configs.subList(1, configs.size())) {
      Path events =
          work.resolve(c.agentArgs().replaceAll("^=dir=([^,]*).*$", "$1")).resolve("events.jsonl");
      long suspected =
          Files.exists(events)
              ? Files.readAllLines(events).stream()
                  .filter(l -> l.contains("LEAK_SUSPECTED"))
                  .count()
              : -1;
      md.append("LEAK_SUSPECTED events with ")
          .append(c.name())
          .append(": ")
          .append(suspected)
          .append('\n');
    }
    return md.toString();
  }
}
