package corpus.support;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** How the corpus's Spring Boot programs start: on a free loopback port, no banner, no JMX. */
public final class LoopbackBoot {
  private LoopbackBoot() {}

  /** Starts {@code application}; close the context to stop it. */
  public static ConfigurableApplicationContext run(Class<?> application) {
    SpringApplication app = new SpringApplication(application);
    app.setDefaultProperties(
        Map.of(
            "server.port", "0",
            "server.address", "127.0.0.1",
            "spring.main.banner-mode", "off",
            "spring.jmx.enabled", "false"));
    return app.run();
  }

  /** Requests to the started application's web server. */
  public static LocalRequests requests(ConfigurableApplicationContext context) {
    return new LocalRequests(
        ((ServletWebServerApplicationContext) context).getWebServer().getPort());
  }
}
