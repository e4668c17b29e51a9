package corpus.app.metrics;

import corpus.support.HeapDumps;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Healthy: the login counter labelled by method and outcome only (a fixed set of series) and a
 * latency histogram, with the same traffic and a scrape before each dump.
 */
public final class LoginMetricsBounded {
  static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

  static final Counter LOGINS =
      Counter.builder()
          .name("logins_total")
          .help("logins by method and outcome")
          .labelNames("method", "outcome")
          .register(REGISTRY);

  static final Histogram LATENCY =
      Histogram.builder()
          .name("login_seconds")
          .help("login latency")
          .labelNames("method")
          .register(REGISTRY);

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    int user = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, user++) {
        String method = i % 3 == 0 ? "sso" : "password";
        LOGINS.labelValues(method, user % 17 == 0 ? "denied" : "ok").inc();
        LATENCY.labelValues(method).observe((user % 50) / 1000.0);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new PrometheusTextFormatWriter(false).write(out, REGISTRY.scrape());
      dumps.take(dump);
    }
  }

  private LoginMetricsBounded() {}
}
