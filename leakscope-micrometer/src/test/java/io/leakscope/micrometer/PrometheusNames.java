package io.leakscope.micrometer;

import io.leakscope.watchdog.Watchdog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.TreeSet;

/** The metric names Prometheus scrapes from a {@link LeakscopeMetrics}: derived, not listed. */
final class PrometheusNames {

  private PrometheusNames() {}

  /** The sample names (as PromQL sees them, counters with {@code _total}) of a fresh registry. */
  static Set<String> exported(Watchdog watchdog) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      new LeakscopeMetrics(watchdog).bindTo(prometheus);
      Set<String> names = new TreeSet<>();
      for (String line : prometheus.scrape().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          int end = line.indexOf('{');
          names.add(end >= 0 ? line.substring(0, end) : line.substring(0, line.indexOf(' ')));
        }
      }
      return names;
    } finally {
      prometheus.close();
    }
  }
}
