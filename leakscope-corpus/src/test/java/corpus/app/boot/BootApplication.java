package corpus.app.boot;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Healthy (framework at rest): a Spring Boot 3 web application (Tomcat, Spring MVC, Jackson) on a
 * free loopback port, hit with 40 requests, then dumped at rest three times 2 s apart with only 3
 * health checks between dumps.
 */
@SpringBootApplication
public class BootApplication {
  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(BootApplication.class)) {
      LocalRequests requests = LoopbackBoot.requests(context);
      requests.get("/greeting", 40);
      requests.get("/health", 3);
      HeapDumps.pause(1_000);
      for (int dump = 1; dump <= 3; dump++) {
        if (dump > 1) {
          requests.get("/health", 3);
          HeapDumps.pause(2_000);
        }
        dumps.take(dump);
      }
    }
  }
}
