package corpus.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions of {@link ExchangeService}: a Caffeine cache whose entries expire 30 minutes after
 * they are written, on a clock the program moves (so that expiry is the same at every run).
 */
public final class ActiveSessions {
  static final AtomicLong NOW_NANOS = new AtomicLong();

  static final Cache<String, Session> SESSIONS =
      Caffeine.newBuilder()
          .expireAfterWrite(Duration.ofMinutes(30))
          .ticker(NOW_NANOS::get)
          .executor(Runnable::run)
          .build();

  /** Moves the cache's clock on and drops what expired. */
  static void advance(Duration d) {
    NOW_NANOS.addAndGet(d.toNanos());
    SESSIONS.cleanUp();
  }

  private ActiveSessions() {}
}
