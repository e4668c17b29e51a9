package corpus.app.windows;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import corpus.support.HeapDumps;
import java.util.concurrent.TimeUnit;

/**
 * Healthy: access tokens in a Guava cache with {@code expireAfterAccess(300 ms)} and no size bound,
 * each used once soon after it is issued. Traffic rises between dumps (15, 18, then 21 tokens every
 * 10 ms), so the cache holds more at each dump: about 300 ms of tokens, each dump's all new.
 */
public final class AccessTokens {
  /** An issued token and whom it is for. */
  record AccessToken(String token, String subject, byte[] claims) {}

  static final Cache<String, AccessToken> TOKENS =
      CacheBuilder.newBuilder().expireAfterAccess(300, TimeUnit.MILLISECONDS).build();

  public static void main(String[] args) throws InterruptedException {
    HeapDumps dumps = HeapDumps.from(args);
    long n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      int perTick = 15 + 3 * (dump - 1);
      long until = System.nanoTime() + 1_500_000_000L;
      while (System.nanoTime() < until) {
        for (int i = 0; i < perTick; i++, n++) {
          String token = "tok-" + Long.toHexString(n * 0x9E3779B97F4A7C15L);
          TOKENS.put(token, new AccessToken(token, "user-" + (n % 5_000), new byte[200]));
          TOKENS.getIfPresent(token);
        }
        Thread.sleep(10);
      }
      TOKENS.cleanUp();
      dumps.take(dump);
    }
    System.out.println("tokens " + TOKENS.size());
  }

  private AccessTokens() {}
}
