package corpus.app.boot;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackBoot;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Healthy (framework under steady load): the {@link BootApplication} web application serving 1,500
 * requests before each of its three dumps, the same traffic each time: Tomcat's threads, buffers
 * and Spring's caches warm up in the first step and stay.
 */
public final class BusyBoot {
  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(BootApplication.class)) {
      LocalRequests requests = LoopbackBoot.requests(context);
      for (int dump = 1; dump <= 3; dump++) {
        requests.get("/greeting", 1_500);
        requests.get("/health", 10);
        dumps.take(dump);
      }
    }
  }

  private BusyBoot() {}
}
