package corpus.app;

import corpus.support.HeapDumps;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Healthy (traffic falls, reference data stays): a currency exchange with fixed rates ({@link
 * FxRates#RATES}, about 0.3 MB) and sessions that expire 30 minutes after login ({@link
 * ActiveSessions#SESSIONS}), one login every 35 ms while traffic is high. At the first two dumps
 * about 50,000 sessions are active (20,000 logins and about as many expiries between them); then
 * traffic stops for half an hour and resumes lower, and at the third dump only the 15,000 logins
 * since are. The rates are under 1% of the heap at the first two dumps and about 2% at the third:
 * their share crossed the baselines' threshold, while not one byte of them changed.
 */
public final class ExchangeService {
  private static final Duration BETWEEN_LOGINS = Duration.ofMillis(35);

  private static int logins;
  private static BigDecimal quoted = BigDecimal.ZERO;

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    login(50_000); // 29 minutes of logins: none expired yet
    dumps.take(1);
    login(20_000);
    ActiveSessions.advance(Duration.ofSeconds(45)); // the oldest 19,858 have expired
    dumps.take(2);
    ActiveSessions.advance(Duration.ofMinutes(31)); // no traffic: all of them expire
    login(15_000);
    ActiveSessions.SESSIONS.cleanUp();
    System.out.println(
        "active " + ActiveSessions.SESSIONS.estimatedSize() + ", quoted " + quoted.signum());
    dumps.take(3);
  }

  /** {@code count} logins, {@link #BETWEEN_LOGINS} apart, each asking for a rate. */
  static void login(int count) {
    for (int i = 0; i < count; i++) {
      int n = logins++;
      ActiveSessions.SESSIONS.put(
          "s-" + n, new Session("s-" + n, "user-" + n % 9_000, ActiveSessions.NOW_NANOS.get()));
      quoted = quoted.add(FxRates.RATES.get("PAIR-" + n % 2_500));
      ActiveSessions.NOW_NANOS.addAndGet(BETWEEN_LOGINS.toNanos());
    }
  }

  private ExchangeService() {}
}
