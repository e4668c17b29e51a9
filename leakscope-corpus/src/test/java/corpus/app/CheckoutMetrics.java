package corpus.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The metrics of {@link CheckoutService}: one Prometheus registry, as a service has. */
public final class CheckoutMetrics {
  /** The leak: a counter per request id (a high-cardinality tag) is registered here. */
  static final PrometheusMeterRegistry REGISTRY =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private CheckoutMetrics() {}
}
