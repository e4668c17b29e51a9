package corpus.app.logs;

import corpus.support.HeapDumps;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Healthy, if wasteful: each report gets an anonymous {@code java.util.logging} logger ({@link
 * Logger#getAnonymousLogger()}), used and dropped. Anonymous loggers are not registered by name;
 * the root logger refers to each weakly, so they are collected; the same 2,000 reports before each
 * dump.
 */
public final class AnonymousLoggers {
  private static int logged;

  static void report(int n) {
    Logger log = Logger.getAnonymousLogger();
    log.setLevel(Level.WARNING);
    log.fine("report " + n); // below the level: nothing printed
    logged++;
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 2_000; i++) {
        report(i);
      }
      dumps.take(dump);
    }
    System.out.println("logged " + logged);
  }

  private AnonymousLoggers() {}
}
