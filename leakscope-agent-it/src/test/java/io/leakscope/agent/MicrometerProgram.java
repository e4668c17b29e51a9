package io.leakscope.agent;

import io.leakscope.micrometer.LeakscopeMetrics;
import io.leakscope.watchdog.WatchdogJmx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Started in a child JVM with the agent by {@link LeakscopeAgentIT}: an application with its own
 * Micrometer Prometheus registry that binds {@code LeakscopeMetrics.fromAgent()}, writes the
 * registry's scrape in the text format to {@code args[0]} and in OpenMetrics to {@code args[1]}
 * ("no agent" when there is none), then idles for a minute.
 */
public final class MicrometerProgram {

  private MicrometerProgram() {}

  public static void main(String[] args) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (LeakscopeMetrics.fromAgent().map(m -> bind(m, registry)).isEmpty()) {
      Files.writeString(Path.of(args[0] + ".tmp"), "no agent");
      Files.move(Path.of(args[0] + ".tmp"), Path.of(args[0]));
      return;
    }
    // Which class the agent registered: the relocated watchdog's, not this application's.
    System.out.println(
        ManagementFactory.getPlatformMBeanServer()
            .getObjectInstance(new ObjectName(WatchdogJmx.OBJECT_NAME))
            .getClassName());
    Files.writeString(Path.of(args[1] + ".tmp"), registry.scrape("application/openmetrics-text"));
    Files.move(Path.of(args[1] + ".tmp"), Path.of(args[1]));
    Files.writeString(Path.of(args[0] + ".tmp"), registry.scrape());
    Files.move(Path.of(args[0] + ".tmp"), Path.of(args[0]));
    Thread.sleep(60_000);
  }

  private static LeakscopeMetrics bind(LeakscopeMetrics metrics, PrometheusMeterRegistry registry) {
    metrics.bindTo(registry);
    return metrics;
  }
}
