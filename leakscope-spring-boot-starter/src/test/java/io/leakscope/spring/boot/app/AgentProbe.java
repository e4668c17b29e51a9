package io.leakscope.spring.boot.app;

import io.leakscope.watchdog.Watchdog;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application without a web server that prints how many {@link Watchdog} beans the
 * starter gave it: {@code watchdog beans: N}. Run in a child JVM by {@code
 * AttachedAgentChildJvmTest}, with and without the agent.
 */
@SpringBootApplication
public class AgentProbe {

  public static void main(String[] args) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(AgentProbe.class)
            .web(WebApplicationType.NONE)
            .properties("spring.main.banner-mode=off")
            .run(args)) {
      System.out.println("watchdog beans: " + context.getBeansOfType(Watchdog.class).size());
      long meters = 0;
      for (MeterRegistry registry : context.getBeansOfType(MeterRegistry.class).values()) {
        meters +=
            registry.getMeters().stream()
                .filter(m -> m.getId().getName().equals("leakscope.state"))
                .count();
      }
      System.out.println("leakscope.state meters: " + meters);
    }
  }
}
