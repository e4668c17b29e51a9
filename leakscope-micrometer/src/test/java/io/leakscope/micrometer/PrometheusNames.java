package io.leakscope.micrometer;

import io.leakscope.testing.PrometheusExposition;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.TreeSet;

/** The metric names Prometheus scrapes from binders: derived, not listed. */
final class PrometheusNames {

  private PrometheusNames() {}

  /**
   * The sample names (as PromQL sees them, counters with {@code _total}) of a fresh Prometheus
   * registry with these binders, read by the strict parser.
   */
  static Set<String> exported(MeterBinder... binders) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      for (MeterBinder binder : binders) {
        binder.bindTo(prometheus);
      }
      return new TreeSet<>(
          PrometheusExposition.sampleTypes(PrometheusExposition.parse(prometheus.scrape(), false))
              .keySet());
    } finally {
      prometheus.close();
    }
  }
}
