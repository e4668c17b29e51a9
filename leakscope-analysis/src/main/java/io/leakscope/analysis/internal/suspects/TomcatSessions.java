package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.heap.HeapClass;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ReferenceGraph;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What Tomcat's sessions say of the store that holds them: a store of HTTP sessions grows until its
 * sessions time out, so whether they are younger than their timeout, and how fast they were made,
 * tell where it will level off. The classic case: clients that never send the session cookie back
 * (health checks, scrapers, API clients) get a new session per request, and Tomcat keeps each for
 * its 30 minutes; the store grows for half an hour, to the request rate times 1,800 s.
 *
 * <p>From the accumulation point, up to {@value #MAX_UP} dominators up, a Tomcat session manager
 * ({@code org.apache.catalina.session.ManagerBase}); from its {@code sessions} map, each {@code
 * StandardSession}'s {@code creationTime}, {@code thisAccessedTime} and {@code maxInactiveInterval}
 * (seconds), against the dump's time from the HPROF header. At most {@value #MAX_SESSIONS} sessions
 * are read: a few positional reads each, no pass over the heap.
 */
public final class TomcatSessions {
  private TomcatSessions() {}

  /** Dominators looked at above an accumulation point. */
  static final int MAX_UP = 4;

  /** Sessions read at most. */
  static final int MAX_SESSIONS = 20_000;

  /** Tomcat checks for expired sessions about once a minute: idle this much longer is late. */
  static final long EXPIRY_SLACK_SECONDS = 120;

  private static final String MANAGER = "org.apache.catalina.session.ManagerBase";
  private static final String SESSION = "org.apache.catalina.session.StandardSession";

  /**
   * Sentences on the Tomcat sessions the accumulation at {@code point} lies in, or null when it
   * lies in none.
   *
   * @param bytes what the holder retains
   * @param dumpMillis when the dump was taken (its header's time)
   * @param heapLimit the dumped JVM's heap limit, 0 when unknown
   */
  public static @Nullable String explain(
      HeapIndex index, DominatorTree tree, int point, long bytes, long dumpMillis, long heapLimit)
      throws IOException {
    int manager = -1;
    int v = point;
    for (int up = 0; up <= MAX_UP && v >= 0 && manager < 0; up++, v = tree.immediateDominator(v)) {
      if (extendsClass(index, v, MANAGER)) {
        manager = v;
      }
    }
    int map = manager < 0 ? -1 : MainClass.field(index, manager, "sessions");
    int table = map < 0 ? -1 : MainClass.field(index, map, "table");
    if (table < 0 || dumpMillis <= 0) {
      return null;
    }
    ReferenceGraph graph = index.graph();
    long n = 0;
    long oldestCreation = Long.MAX_VALUE;
    long oldestAccess = Long.MAX_VALUE;
    long idleTooLong = 0;
    Map<Integer, Integer> timeouts = new HashMap<>();
    long end = graph.endEdge(table);
    for (long e = graph.firstEdge(table); e < end && n < MAX_SESSIONS; e++) {
      int steps = 0;
      for (int node = graph.target(e); node >= 0 && steps < 64; steps++) {
        int s = MainClass.field(index, node, "val");
        if (s >= 0 && extendsClass(index, s, SESSION)) {
          Long created = index.findPrimitiveField(s, "creationTime");
          Long accessed = index.findPrimitiveField(s, "thisAccessedTime");
          Long timeout = index.findPrimitiveField(s, "maxInactiveInterval");
          if (created != null && accessed != null && timeout != null) {
            n++;
            oldestCreation = Math.min(oldestCreation, created);
            oldestAccess = Math.min(oldestAccess, accessed);
            int t = timeout.intValue();
            timeouts.merge(t, 1, Integer::sum);
            if (t > 0 && dumpMillis - accessed > 1000L * (t + EXPIRY_SLACK_SECONDS)) {
              idleTooLong++;
            }
          }
        }
        node = MainClass.field(index, node, "next");
      }
    }
    if (n == 0) {
      return null;
    }
    int timeout = timeouts.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    long age = Math.max(1, (dumpMillis - oldestCreation) / 1000);
    String sessions = String.format(Locale.ROOT, "%,d Tomcat sessions", n);
    if (timeout <= 0) {
      return " Its "
          + sessions
          + " never expire (maxInactiveInterval "
          + timeout
          + "): each stays until the application invalidates it.";
    }
    String window = minutes(timeout);
    if (idleTooLong > 0) {
      return String.format(
          Locale.ROOT,
          " Of its %s, %,d have been idle longer than their timeout of %s: they are not being"
              + " expired (Tomcat's background processor, which expires them, is not running).",
          sessions,
          idleTooLong,
          window);
    }
    if (age >= timeout) {
      return String.format(
          Locale.ROOT,
          " Its %s are those of the last %s (the timeout): the store grows only while the rate"
              + " of new sessions does.",
          sessions,
          window);
    }
    double rate = (double) n / age;
    long level = Math.round(rate * timeout);
    long levelBytes = (long) Math.min(Long.MAX_VALUE, (double) bytes / n * level);
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                " All its %s are younger than their timeout of %s (the oldest was made %,d s"
                    + " before the dump): Tomcat keeps each session for %s after its last request,"
                    + " so the store grows for that long. At the rate they were made (%,d in %,d"
                    + " s), it levels off at about %,d sessions, about %s",
                sessions,
                window,
                age,
                window,
                n,
                age,
                level,
                TextReportWriter.bytes(levelBytes)));
    if (heapLimit > 0) {
      out.append(
          levelBytes > heapLimit
              ? String.format(
                  Locale.ROOT,
                  ", more than the %s heap limit: it runs out of memory first",
                  TextReportWriter.bytes(heapLimit))
              : String.format(
                  Locale.ROOT,
                  ", %d%% of the %s heap limit",
                  Math.round(100.0 * levelBytes / heapLimit),
                  TextReportWriter.bytes(heapLimit)));
    }
    out.append(
        ". Many sessions made fast are often a session per request: clients that never send the"
            + " session cookie back (health checks, scrapers, API clients).");
    return out.toString();
  }

  private static String minutes(int seconds) {
    return seconds % 60 == 0
        ? (seconds / 60) + (seconds == 60 ? " minute" : " minutes")
        : seconds + " s";
  }

  private static boolean extendsClass(HeapIndex index, int id, String name) {
    for (HeapClass k = index.heapClass(index.classOf(id)); k != null; ) {
      if (k.name().equals(name)) {
        return true;
      }
      k = k.superIndex() >= 0 ? index.heapClass(k.superIndex()) : null;
    }
    return false;
  }
}
