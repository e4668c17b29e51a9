package io.leakscope.benchmarks;

import io.leakscope.demo.DemoService;
import io.leakscope.demo.LoadGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the healthy demo service ({@code --leak none}) under HTTP load, without the agent
 * and with it, in one run.
 *
 * <p>Design, after a first version (a fresh service and load-generator JVM per configuration and
 * round, one long run each) gave round-to-round spreads of 37% on this 2-core machine, far more
 * than the 2% to be shown:
 *
 * <ul>
 *   <li>Each round starts one service JVM per configuration and warms each up. Then the measured
 *       load comes in short slices, the configurations taking turns (the first one rotating each
 *       slice), so that a drift of the machine falls on all of them alike.
 *   <li>Only the service being measured runs: the others are stopped ({@code SIGSTOP}) meanwhile,
 *       so that an idle agent's checks do not slow the service without it.
 *   <li>With {@code --pin} (the default where {@code taskset} exists and there are 2 or more CPUs),
 *       the services run on CPU 0 and this JVM, which generates the load in-process with a warm
 *       JIT, on the others: the service's CPU is what the agent would take from.
 *   <li>The loss is computed per round from that round's totals, a paired comparison of JVMs that
 *       ran side by side; reported are each round's loss and their median.
 * </ul>
 *
 * <p>Options: {@code --rounds N} (5), {@code --slices N} per round (10), {@code --slice-seconds N}
 * (5), {@code --warmup-seconds N} per service (15), {@code --workers N} (8), {@code --pin
 * true|false}, {@code --agent PATH} (leakscope-agent/target/leakscope-agent.jar), {@code --java
 * PATH} (the running JVM's java), {@code --output FILE} (bench-work/agent-overhead-TIME.md).
 */
public final class AgentOverhead {

  /** A way to run the service: its name and the agent option, empty for none. */
  private record Config(String name, String agentArgs) {}

  /** Requests answered and nanoseconds spent, summed over slices. */
  private static final class Tally {
    long requests;
    long errors;
    long nanos;
    long serviceCpuTicks;

    double requestsPerSecond() {
      return nanos == 0 ? 0 : requests * 1e9 / nanos;
    }

    /** The service's CPU time (user and system) per 1,000 requests, in milliseconds. */
    double cpuMillisPer1000() {
      return requests == 0 ? 0 : serviceCpuTicks * (1000.0 / CLOCK_TICKS) * 1000 / requests;
    }
  }

  /** Linux's USER_HZ, the unit of the CPU times in {@code /proc/PID/stat}. */
  private static final int CLOCK_TICKS = 100;

  private AgentOverhead() {}

  public static void main(String[] args) throws Exception {
    CommandOptions o =
        new CommandOptions(
            args,
            Set.of(
                "--rounds",
                "--slices",
                "--slice-seconds",
                "--warmup-seconds",
                "--workers",
                "--pin",
                "--agent",
                "--java",
                "--output"),
            Set.of());
    int rounds = (int) o.getLong("--rounds", 5, 1);
    int slices = (int) o.getLong("--slices", 10, 1);
    int sliceSeconds = (int) o.getLong("--slice-seconds", 5, 1);
    int warmup = (int) o.getLong("--warmup-seconds", 15, 1);
    int workers = (int) o.getLong("--workers", 8, 1);
    boolean canPin =
        Files.isExecutable(Path.of("/usr/bin/taskset"))
            && Runtime.getRuntime().availableProcessors() >= 2;
    boolean pin = Boolean.parseBoolean(o.get("--pin", String.valueOf(canPin)));
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
    if (pin) {
      // This JVM (the load) leaves CPU 0 to the services.
      run(
          "taskset",
          "-a",
          "-c",
          "-p",
          "1-" + (Runtime.getRuntime().availableProcessors() - 1),
          "" + ProcessHandle.current().pid());
    }

    List<Config> configs =
        List.of(
            new Config("no agent", ""),
            new Config("agent", "=dir=" + work.resolve("evidence-agent")),
            new Config(
                "agent + http",
                "=dir=" + work.resolve("evidence-http") + ",http=127.0.0.1:0,token=benchmark"));
    Map<Config, List<Tally>> results = new LinkedHashMap<>();
    configs.forEach(c -> results.put(c, new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      Map<Config, Process> services = new LinkedHashMap<>();
      Map<Config, String> urls = new LinkedHashMap<>();
      Map<Config, Tally> tallies = new LinkedHashMap<>();
      try {
        for (Config c : configs) {
          Process service = startService(java, agent, c, pin);
          services.put(c, service);
          urls.put(c, awaitUrl(service));
          tallies.put(c, new Tally());
        }
        for (Config c : configs) {
          only(services, c);
          load(urls.get(c), workers, warmup);
        }
        for (int slice = 0; slice < slices; slice++) {
          for (int k = 0; k < configs.size(); k++) {
            Config c = configs.get((slice + k) % configs.size());
            only(services, c);
            long cpuBefore = cpuTicks(services.get(c));
            LoadGenerator.Result r = load(urls.get(c), workers, sliceSeconds);
            Tally t = tallies.get(c);
            t.serviceCpuTicks += cpuTicks(services.get(c)) - cpuBefore;
            t.requests += r.requests();
            t.errors += r.errors();
            t.nanos += r.nanos();
          }
        }
      } finally {
        for (Process service : services.values()) {
          signal("CONT", service);
          service.destroy();
          if (!service.waitFor(20, TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor();
          }
        }
      }
      double base = tallies.get(configs.get(0)).requestsPerSecond();
      for (Config c : configs) {
        Tally t = tallies.get(c);
        results.get(c).add(t);
        System.out.printf(
            Locale.ROOT,
            "round %d %-14s %8.1f requests/s  loss %6.2f%%  service CPU %6.1f ms/1000 requests%s%n",
            round,
            c.name(),
            t.requestsPerSecond(),
            (base - t.requestsPerSecond()) / base * 100,
            t.cpuMillisPer1000(),
            t.errors == 0 ? "" : "  (" + t.errors + " errors)");
      }
    }
    String report =
        report(results, configs, rounds, slices, sliceSeconds, warmup, workers, pin, java, work);
    System.out.println(report);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, report, StandardCharsets.UTF_8);
    System.out.println("written to " + output);
  }

  private static Process startService(Path java, Path agent, Config c, boolean pin)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (pin) {
      command.addAll(List.of("taskset", "-c", "0"));
    }
    // On the command line, not left to DemoService: with http= the agent starts its own HttpServer
    // before main, and the JDK reads this property once, at the first server (then 40 ms a
    // request).
    command.addAll(List.of(java.toString(), "-Xmx256m", "-Dsun.net.httpserver.nodelay=true"));
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
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** User plus system CPU time of the process so far, in clock ticks ({@code /proc/PID/stat}). */
  private static long cpuTicks(Process p) throws IOException {
    String stat = Files.readString(Path.of("/proc", "" + p.pid(), "stat"));
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Lets {@code running} run and stops the other services. */
  private static void only(Map<Config, Process> services, Config running) throws Exception {
    for (Map.Entry<Config, Process> e : services.entrySet()) {
      signal(e.getKey() == running ? "CONT" : "STOP", e.getValue());
    }
  }

  private static void signal(String name, Process p) throws Exception {
    if (p.isAlive()) {
      run("kill", "-" + name, "" + p.pid());
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
  }

  private static LoadGenerator.Result load(String url, int workers, int seconds)
      throws InterruptedException {
    return new LoadGenerator(
            new LoadGenerator.Settings(URI.create(url), workers, Duration.ofSeconds(seconds), 0, 0))
        .run();
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

  private static String percents(List<Double> values) {
    return String.join(
        " ", values.stream().map(x -> String.format(Locale.ROOT, "%.2f%%", x)).toList());
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String report(
      Map<Config, List<Tally>> results,
      List<Config> configs,
      int rounds,
      int slices,
      int sliceSeconds,
      int warmup,
      int workers,
      boolean pin,
      Path java,
      Path work)
      throws IOException {
    StringBuilder md = new StringBuilder();
    List<Tally> base = results.get(configs.get(0));
    md.append(
        "| service | median requests/s | median loss (paired per round) | loss in each round |"
            + " requests/s in each round |\n|---|---:|---:|---|---|\n");
    StringBuilder cpu =
        new StringBuilder(
            "\n| service | median service CPU, ms per 1,000 requests | median increase (paired"
                + " per round) | increase in each round |\n|---|---:|---:|---|\n");
    for (Config c : configs) {
      List<Tally> tallies = results.get(c);
      List<Double> rps = tallies.stream().map(Tally::requestsPerSecond).toList();
      List<Double> losses = new ArrayList<>();
      List<Double> cpuIncreases = new ArrayList<>();
      for (int i = 0; i < tallies.size(); i++) {
        double b = base.get(i).requestsPerSecond();
        losses.add((b - tallies.get(i).requestsPerSecond()) / b * 100);
        double bc = base.get(i).cpuMillisPer1000();
        cpuIncreases.add((tallies.get(i).cpuMillisPer1000() - bc) / bc * 100);
      }
      cpu.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %s | %s |%n",
              c.name(),
              median(tallies.stream().map(Tally::cpuMillisPer1000).toList()),
              c == configs.get(0)
                  ? "—"
                  : String.format(Locale.ROOT, "%.2f%%", median(cpuIncreases)),
              c == configs.get(0) ? "—" : percents(cpuIncreases)));
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %s | %s | %s |%n",
              c.name(),
              median(rps),
              c == configs.get(0) ? "—" : String.format(Locale.ROOT, "%.2f%%", median(losses)),
              c == configs.get(0) ? "—" : percents(losses),
              String.join(
                  " ", rps.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList())));
    }
    md.append(cpu);
    long errors = results.values().stream().flatMap(List::stream).mapToLong(t -> t.errors).sum();
    md.append(
        String.format(
            Locale.ROOT,
            "%n%d rounds; per round each service warmed up %d s, then %d slices of %d s each,"
                + " taking turns; %d workers in-process; services pinned to CPU 0: %s; java %s"
                + " (%s); failed requests: %d. Agent options: %s%n",
            rounds,
            warmup,
            slices,
            sliceSeconds,
            workers,
            pin,
            Runtime.version(),
            java,
            errors,
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
