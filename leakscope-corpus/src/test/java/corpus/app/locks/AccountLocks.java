package corpus.app.locks;

import corpus.support.HeapDumps;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leak: transfers are serialized per account with a lock taken from a map by account id ({@link
 * #LOCKS}), made on first use and never removed. Accounts are many and most are seen once (payouts
 * to new customers), so the map keeps a lock for every account ever paid: +3,000 per step.
 */
public final class AccountLocks {
  /** One lock per account id, for good. */
  static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private static long balanceMoved;

  static void transfer(String account, long cents) {
    ReentrantLock lock = LOCKS.computeIfAbsent(account, id -> new ReentrantLock());
    lock.lock();
    try {
      balanceMoved += cents;
    } finally {
      lock.unlock();
    }
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int n = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 3_000; i++, n++) {
        transfer("payout-account-" + n, 1_000 + n % 97);
      }
      dumps.take(dump);
    }
    System.out.println("moved " + balanceMoved);
  }

  private AccountLocks() {}
}
