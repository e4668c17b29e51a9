package corpus.app.events;

import corpus.support.HeapDumps;
import corpus.support.LoopbackBoot;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Leak through Spring's events: a Spring Boot 3 application registers a listener per request with
 * {@code ConfigurableApplicationContext.addApplicationListener} for the price updates the request
 * waits for, and never removes it; the context keeps every listener (in its own set and in its
 * event multicaster's): +1,500 per step.
 */
@SpringBootApplication
public class EventsApplication {
  /** One request's listener for the price updates it waits for. */
  static final class PriceWatch implements ApplicationListener<PayloadApplicationEvent<String>> {
    final String request;
    final byte[] view = new byte[400];

    PriceWatch(String request) {
      this.request = request;
    }

    @Override
    public void onApplicationEvent(PayloadApplicationEvent<String> event) {
      view[0]++;
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(EventsApplication.class)) {
      int watches = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 1_500; i++, watches++) {
          context.addApplicationListener(new PriceWatch("request-" + watches));
        }
        context.publishEvent("EURUSD 1.08");
        dumps.take(dump);
      }
    }
  }
}
