package corpus.app.metrics;

import corpus.support.HeapDumps;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Leak through the Prometheus client (1.x, without Micrometer): a login counter labelled by user
 * name, so that each user who logs in adds a time series that the counter keeps for good; the
 * registry is scraped before each dump. +1,500 series per step.
 */
public final class LoginMetrics {
  static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

  static final Counter LOGINS =
      Counter.builder()
          .name("logins_total")
          .help("logins by user")
          .labelNames("user", "method")
          .register(REGISTRY);

  static void login(String user, String method) {
    LOGINS.labelValues(user, method).inc();
  }

  static int scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, REGISTRY.scrape());
    return out.size();
  }

  public static void main(String[] args) throws IOException {
    HeapDumps dumps = HeapDumps.from(args);
    int user = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_500; i++, user++) {
        login("user-" + user + "@example.com", i % 3 == 0 ? "sso" : "password");
      }
      scrape();
      dumps.take(dump);
    }
  }

  private LoginMetrics() {}
}
