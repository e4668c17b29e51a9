package io.leakscope.agent;

import io.leakscope.watchdog.DiagnosticsServer;
import io.leakscope.watchdog.Durations;
import io.leakscope.watchdog.MetricsServer;
import io.leakscope.watchdog.Watchdog;
import io.leakscope.watchdog.WatchdogJmx;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Runs the leak watchdog inside any JVM: {@code
 * -javaagent:leakscope-agent.jar=dir=/var/tmp/leakscope,window=10m}. See {@link AgentOptions} for
 * the options.
 *
 * <p>Bad options stop the JVM from starting: the agent prints one line on stderr, e.g. {@code
 * leakscope-agent: window=abc (expected a duration like 30s, 10m)}, does not start the watchdog,
 * and exits with status 1 before {@code main} runs. A service that is meant to be watched must not
 * silently run unwatched. It exits rather than throwing from {@code premain}: a throw makes the JVM
 * print the wrapped exception's stack, three {@code java.lang.instrument ASSERTION FAILED} lines
 * and {@code FATAL ERROR in native method: processing of -javaagent failed} with native frames,
 * then abort with SIGABRT (status 134, and a core file where those are enabled), on JDK 17 and 25
 * alike. When attached later ({@code agentmain}) the exception goes to the attaching tool instead
 * and the running JVM carries on.
 *
 * <p>What the operator cannot fix in the options does not stop the application: when the evidence
 * directory cannot be created or written (missing parent, no permission, a full disk), the agent
 * prints one line saying so and the application runs without the watchdog; when the {@code http=}
 * port is taken, one line, and the watchdog runs without its endpoint. Failures later on (a full
 * disk, a dump that fails half-way) are the watchdog's to report, in its event log and once on
 * stderr. A runtime without {@code jdk.management} (a jlink image) gets a watchdog that polls the
 * live set and captures no dumps, announced by one {@code limited:} line; one without {@code
 * java.management} gets one line and no watchdog; one without {@code jdk.httpserver}, one line and
 * no endpoint.
 *
 * <p>With {@code metrics=HOST:PORT} it serves the watchdog's metrics at {@code /metrics} for
 * Prometheus ({@link MetricsServer}: metrics only, no token); a taken port costs only that
 * endpoint, with one line. In any case it registers the watchdog as the platform MXBean {@value
 * WatchdogJmx#OBJECT_NAME}, which an application's Micrometer registry binds to with {@code
 * LeakscopeMetrics.fromAgent()}; a failure there is one line too.
 *
 * <p>Prints to stderr only at start and on error: it is a launcher, not a library.
 */
public final class LeakscopeAgent {

  private static final String PREFIX = "leakscope-agent: ";

  private LeakscopeAgent() {}

  /** Called by the JVM for {@code -javaagent}; throws when the options are bad. */
  public static void premain(String args, Instrumentation instrumentation) {
    try {
      start(args);
    } catch (AgentStartException e) {
      // Throwing on would make the JVM abort (SIGABRT, exit 134, maybe a core file) after some 30
      // lines of stack and native frames; our line is already on stderr, so exit plainly instead.
      System.exit(1);
    } catch (RuntimeException | LinkageError e) {
      // Unforeseen (a bug of ours, a runtime we did not plan for): never the application's end.
      System.err.println(
          PREFIX + "not watching: failed at start (" + e + "); the application runs on");
    }
  }

  /** Called when the agent is attached to a running JVM. */
  public static void agentmain(String args, Instrumentation instrumentation) {
    start(args);
  }

  private static void start(String args) {
    AgentOptions options;
    try {
      options = AgentOptions.parse(args);
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage(), e);
    }
    // From here on nothing stops the host: bad options are the operator's mistake and stop it
    // above, but an unusable evidence directory or a taken port only cost the watchdog.
    Watchdog watchdog;
    try {
      watchdog = Watchdog.start(options.config());
    } catch (LinkageError e) {
      // A runtime made with jlink may lack java.management, which the watchdog cannot do without.
      System.err.println(
          PREFIX
              + "not watching: this Java runtime lacks a module the watchdog needs ("
              + e
              + "; java.management is required); the application runs without the watchdog");
      return;
    } catch (IOException | RuntimeException e) {
      System.err.println(
          PREFIX
              + "not watching: cannot use the evidence directory "
              + options.config().evidenceDir()
              + " ("
              + e
              + "); the application runs without the watchdog");
      return;
    }
    DiagnosticsServer server = null;
    if (options.http().isPresent()) {
      InetSocketAddress address = options.http().get();
      if (!address.getAddress().isLoopbackAddress()) {
        System.err.println(
            PREFIX
                + "warning: http="
                + address.getHostString()
                + ":"
                + address.getPort()
                + " is not a loopback address; the trend is reachable from the network, thread"
                + " dumps, histograms and heap dumps only with the token"
                + (options.token() == null ? " (none given: they are refused)" : ""));
      }
      try {
        server = DiagnosticsServer.start(watchdog, address, options.token());
      } catch (IOException | RuntimeException | LinkageError e) {
        System.err.println(
            PREFIX
                + "cannot serve http on "
                + hostPort(address)
                + " ("
                + e
                + "); watching without the diagnostics endpoint");
      }
    }
    MetricsServer metrics = options.metrics().map(a -> serveMetrics(watchdog, a)).orElse(null);
    Runnable unregister = registerMBean(watchdog);
    DiagnosticsServer http = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (http != null) {
                    http.close();
                  }
                  if (metrics != null) {
                    metrics.close();
                  }
                  unregister.run();
                  watchdog.close();
                },
                "leakscope-agent-shutdown"));
    System.err.println(
        PREFIX
            + "watching, evidence in "
            + options.config().evidenceDir()
            + " (window "
            + Durations.format(options.config().trend().window())
            + ")"
            + (server == null
                ? ""
                : ", diagnostics on http://"
                    + hostPort(server.address())
                    + DiagnosticsServer.PREFIX)
            + (metrics == null
                ? ""
                : ", metrics on http://" + hostPort(metrics.address()) + MetricsServer.PATH));
    for (String warning : options.warnings()) {
      System.err.println(PREFIX + warning);
    }
    for (String limitation : watchdog.limitations()) {
      System.err.println(PREFIX + "limited: " + limitation);
    }
  }

  /**
   * Registers the watchdog's MXBean for {@code LeakscopeMetrics.fromAgent()}; returns what
   * unregisters it. Catches {@code Exception}, not {@code JMException}: a catch clause naming a
   * {@code java.management} class would make this class fail verification, and the JVM abort, in a
   * runtime without that module.
   */
  private static Runnable registerMBean(Watchdog watchdog) {
    try {
      Optional<WatchdogJmx> jmx = WatchdogJmx.register(watchdog);
      return jmx.isPresent() ? jmx.get()::close : () -> {};
    } catch (Exception | LinkageError e) {
      System.err.println(
          PREFIX + "cannot register the MBean " + WatchdogJmx.OBJECT_NAME + " (" + e + ")");
      return () -> {};
    }
  }

  /** The metrics endpoint, or null (and one line) when it cannot be served. */
  private static MetricsServer serveMetrics(Watchdog watchdog, InetSocketAddress address) {
    try {
      return MetricsServer.start(watchdog, address);
    } catch (IOException | RuntimeException | LinkageError e) {
      System.err.println(
          PREFIX
              + "cannot serve metrics on "
              + hostPort(address)
              + " ("
              + e
              + "); watching without the metrics endpoint");
      return null;
    }
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static AgentStartException fail(String message, Exception cause) {
    System.err.println(PREFIX + message);
    return new AgentStartException(PREFIX + message, cause);
  }

  /** The agent could not start; the message, already printed on stderr, says why. */
  static final class AgentStartException extends IllegalStateException {
    AgentStartException(String message, Exception cause) {
      super(message, cause);
    }
  }
}
