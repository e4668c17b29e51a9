package corpus.app.notify;

import corpus.support.HeapDumps;
import corpus.support.LoopbackBoot;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;

/**
 * Leak through Spring's {@code @Async} with Boot's defaults: order notifications are sent by an
 * {@code @Async} method on Boot's {@code applicationTaskExecutor} (8 threads, an unbounded queue).
 * The mail gateway hangs (a call with no timeout that never returns), so the 8 threads are stuck on
 * their first notifications and every later one waits in the executor's queue: +2,000 per step.
 */
@SpringBootApplication
@EnableAsync
public class NotifyApplication {
  /** The mail gateway's reply, which never comes: a call without a timeout. */
  static final CountDownLatch GATEWAY_REPLY = new CountDownLatch(1);

  /** One order's notification: the mail to send. */
  public record Notification(String order, String to, byte[] body) {}

  /** Sends notifications on Boot's task executor. */
  @Service
  public static class NotificationSender {
    @Async
    public void send(Notification n) throws InterruptedException {
      GATEWAY_REPLY.await(); // the gateway hangs: the thread is stuck here
      n.body()[0]++;
    }
  }

  public static void main(String[] args) throws Exception {
    HeapDumps dumps = HeapDumps.from(args);
    try (ConfigurableApplicationContext context = LoopbackBoot.run(NotifyApplication.class)) {
      NotificationSender sender = context.getBean(NotificationSender.class);
      int order = 0;
      for (int dump = 1; dump <= 3; dump++) {
        for (int i = 0; i < 2_000; i++, order++) {
          sender.send(new Notification("order-" + order, "customer@example.com", new byte[300]));
        }
        Thread.sleep(300);
        dumps.take(dump);
      }
      System.exit(0); // the stuck threads would keep the context from closing
    }
  }
}
