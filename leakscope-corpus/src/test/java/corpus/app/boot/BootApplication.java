package corpus.app.boot;

import corpus.support.HeapDumps;
import corpus.support.LocalRequests;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
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
    SpringApplication app = new SpringApplication(BootApplication.class);
    app.setDefaultProperties(
        Map.of(
            "server.port", "0",
            "server.address", "127.0.0.1",
            "spring.main.banner-mode", "off",
            "spring.jmx.enabled", "false"));
    try (ConfigurableApplicationContext context = app.run()) {
      int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
      LocalRequests requests = new LocalRequests(port);
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
