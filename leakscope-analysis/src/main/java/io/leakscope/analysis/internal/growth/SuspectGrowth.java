package io.leakscope.analysis.internal.growth;

import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.internal.suspects.LeakSuspectFinder;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Bound;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.Suspect;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Ranks the suspects of the newest dump by how they grew since older dumps of the same service.
 *
 * <p>Design note. Object addresses change between dumps (a moving GC), so holders are matched by a
 * stable signature: the holder field, already a path with collection internals left out ({@code
 * com.acme.Registry.sessions}, not {@code …HashMap.table[12]}), plus the class that accumulates,
 * with the address that hidden classes carry in their names ({@code Foo$$Lambda/0x…}) left out, as
 * it changes with every JVM start. For each suspect of the newest dump the retained bytes form a
 * series over the dumps in time order (0 where a dump has no such holder).
 *
 * <p>A step of the series counts only when it is significant (see {@link #significant}): at least
 * {@value #FLOOR_BYTES} bytes, {@value #HOLDER_SHARE} of the holder's size before the step, and
 * {@value #HEAP_SHARE} of the reachable heap. A cache at its bound moves by a few entries between
 * dumps, a framework at rest by a few kilobytes of class-loader bookkeeping: neither is growth. The
 * trend is then {@code growing} (the last step, or every step, grew significantly), {@code plateau}
 * (it grew, then stopped), {@code fluctuating} (a significant fall: a buffer that fills and
 * empties) or {@code stable}. Growing holders rank first, those that grew at every step before the
 * others, then by bytes grown; a holder that is not growing is kept only while it retains a large
 * share of the heap, so that a small leak that grows every time outranks a big, stable cache.
 *
 * <p>An older dump's reading is what that dump listed, and its suspects stop at a share of its heap
 * ({@link Recorded}): a holder it does not list held less than that share (or, where the list is
 * full, than its smallest suspect), and a holder's reading is the sum of its parts that reached the
 * share, so a part that the newest dump lists beyond the older one's count may have been there,
 * under the share. The trend is judged from those bounds: the reading plus the share for each part
 * more in the newest dump (the series shown keeps the readings, 0 for a holder not listed). Before,
 * a holder that sat at 0.98% of the heap in one dump and 1.02% in the next "grew from nothing" by a
 * whole 1% of the heap and ranked first, above the real leaks; and when the heap shrank, the JDK's
 * table of open jar files ({@code ZipFile$Source.files}) "grew" from one part of 0.8 MB to six of
 * 1.9 MB, the five others having been there all along, each under 1%. A holder that really appeared
 * or grew still grows: from under the bound to well above it.
 */
public final class SuspectGrowth {
  private SuspectGrowth() {}

  /** Smallest step that counts as growth, in bytes. */
  static final long FLOOR_BYTES = 4096;

  /** Share of the holder's size before a step that the step must add. */
  static final double HOLDER_SHARE = 0.01;

  /** Share of the newest dump's reachable heap that a step must add. */
  static final double HEAP_SHARE = 0.001;

  private static final Pattern HIDDEN_CLASS_ADDRESS =
      Pattern.compile("(\\$\\d+)?[/+]0x[0-9a-fA-F]+");

  /**
   * The newest dump's suspects ranked by growth over the older dumps (in any order).
   *
   * @param bigShare share of the reachable heap for which an application holder that is not growing
   *     is still reported
   * @param packages what is the application's: a holder of the JDK or a library, or a pseudo-field
   *     such as a class loader's, is reported only while it grows (machinery at rest is never a
   *     suspect)
   */
  public static AnalysisReport rank(
      AnalysisReport newest,
      List<AnalysisReport> older,
      double bigShare,
      Recorded recorded,
      ApplicationPackages packages) {
    List<AnalysisReport> oldestFirst = new ArrayList<>(older);
    oldestFirst.sort(Comparator.comparingLong(r -> r.dump().timestampMillis()));
    List<Map<String, Suspect>> bySignature = new ArrayList<>();
    List<Map<String, Suspect>> byField = new ArrayList<>();
    for (AnalysisReport r : oldestFirst) {
      Map<String, Suspect> m = new HashMap<>();
      Map<String, Suspect> f = new HashMap<>();
      for (Suspect s : r.suspects()) {
        m.merge(signature(s), s, (a, b) -> a.memoryBytes() >= b.memoryBytes() ? a : b);
        if (applicationField(s, packages)) {
          f.merge(s.holder(), s, (a, b) -> a.memoryBytes() >= b.memoryBytes() ? a : b);
        }
      }
      bySignature.add(m);
      byField.add(f);
    }
    long reachable = memory(newest);
    long[] share = new long[oldestFirst.size()];
    long[] unlisted = new long[oldestFirst.size()];
    for (int i = 0; i < share.length; i++) {
      share[i] = recorded.share(oldestFirst.get(i));
      unlisted[i] = recorded.unlisted(oldestFirst.get(i));
    }
    long classesLoaded =
        oldestFirst.isEmpty() ? 0 : newest.dump().classes() - oldestFirst.get(0).dump().classes();
    Map<String, Long> newestCounts = instancesByClass(newest);
    Map<String, Long> oldestCounts =
        oldestFirst.isEmpty() ? Map.of() : instancesByClass(oldestFirst.get(0));
    List<Ranked> ranked = new ArrayList<>();
    for (Suspect s : newest.suspects()) {
      long[] series = new long[oldestFirst.size() + 1];
      long[] judged = new long[series.length];
      long[] heap = new long[series.length];
      long[] offHeap = new long[series.length];
      long[] counts = new long[series.length];
      long oldestInstances = 0;
      Suspect oldest = null;
      Suspect middle = null; // the latest dump between the oldest and the newest that has it
      for (int i = 0; i < oldestFirst.size(); i++) {
        Suspect then = bySignature.get(i).get(signature(s));
        if (then == null && applicationField(s, packages)) {
          // an application's field is one suspect per dump, whatever was found to accumulate there
          then = byField.get(i).get(s.holder());
        }
        series[i] = then == null ? 0 : then.memoryBytes();
        // each part more in the newest dump may have been there, under the share
        long hidden = Math.max(0, parts(s) - (then == null ? 0 : parts(then))) * share[i];
        judged[i] =
            then != null
                ? series[i] + hidden
                : unmatchable(s) ? s.memoryBytes() : Math.max(hidden, unlisted[i]);
        heap[i] = then == null ? 0 : then.retainedBytes();
        offHeap[i] = then == null ? 0 : then.nativeMemory().directBytes();
        counts[i] = then == null ? 0 : then.instances();
        if (i == 0 && then != null) {
          oldestInstances = then.instances();
          oldest = then;
        } else if (then != null) {
          middle = then;
        }
      }
      series[series.length - 1] = s.memoryBytes();
      judged[judged.length - 1] = s.memoryBytes();
      heap[heap.length - 1] = s.retainedBytes();
      offHeap[offHeap.length - 1] = s.nativeMemory().directBytes();
      counts[counts.length - 1] = s.instances();
      // leaked pools hold little heap each (their cost is their threads' stacks): every pool more
      // is growth that counts
      Trend trend =
          s.kind().equals(Suspect.KIND_THREAD_POOLS)
              ? Trend.of(counts, series[series.length - 1] - series[0], (a, b) -> b > a)
              : Trend.of(
                  judged,
                  series[series.length - 1] - series[0],
                  (before, after) -> significant(before, after, reachable),
                  (before, after) -> significantAlone(before, after, reachable));
      if (!trend.growing() && s.kind().equals(Suspect.KIND_BLOCKED_THREADS)) {
        // threads stuck in one place hold little heap each, but each more is a stack more: more
        // threads count, by at least MORE_THREADS and a tenth
        Trend more =
            Trend.of(
                counts,
                series[series.length - 1] - series[0],
                (a, b) -> b - a >= Math.max(MORE_THREADS, a / 10));
        if (more.growing()) {
          trend = more;
        }
      }
      if (trend.growing() && oldestThreadEnded(oldest, s)) {
        continue; // more threads, but they end by themselves: not a leak
      }
      double kept = trend.growing() ? replaced(oldest, middle, s) : Double.NaN;
      if (kept < MAX_KEPT) {
        trend = new Trend(Suspect.TREND_REPLACED, trend.growth(), false, kept);
      }
      Bound bound = s.bound();
      if (trend.growing()
          && bound != null
          && bound.filling(s.memoryBytes())
          && !eachGrows(oldest, s)) {
        // a bounded cache warming up: it stops at its bound, which fits the heap
        trend =
            new Trend(
                Suspect.TREND_FILLING,
                trend.growth(),
                false,
                Double.NaN,
                bound.describe(s.memoryBytes()));
      }
      boolean big = s.memoryBytes() >= bigShare * reachable;
      if (trend.growing()
          && s.kind().equals(Suspect.KIND_ACCUMULATION)
          && machinery(s, packages)
          && !inHistogram(s, s.instances() - oldestInstances, newestCounts, oldestCounts)) {
        continue; // the JVM's or a library's own, and its class did not grow: not a leak
      }
      if (trend.growing()
          && classLoading(s)
          && (classesLoaded > 0 || ownerDidNotGrow(s, newestCounts, oldestCounts))) {
        continue; // the class loaders' and jar files' bookkeeping grew with the classes loaded
      }
      if (trend.growing() || (big && !machinery(s, packages))) {
        ranked.add(new Ranked(s, trend, s.instances() - oldestInstances, heap, offHeap));
      }
    }
    ranked.sort(
        Comparator.comparing((Ranked r) -> !r.trend.growing())
            .thenComparing((Ranked r) -> !r.trend.everyStep())
            .thenComparing(Comparator.comparingLong((Ranked r) -> r.trend.growth()).reversed())
            .thenComparing(
                Comparator.comparingLong((Ranked r) -> r.suspect.retainedBytes()).reversed()));
    List<Suspect> out = new ArrayList<>();
    for (Ranked r : ranked) {
      Suspect s = r.suspect;
      String words = r.trend.describe(r.heap.length, r.instanceGrowth);
      List<Long> series = new ArrayList<>();
      List<Long> nativeSeries = new ArrayList<>();
      for (int i = 0; i < r.heap.length; i++) {
        series.add(r.heap[i]);
        nativeSeries.add(r.offHeap[i]);
      }
      // a holder whose elements are replaced does remove them
      String explanation =
          r.trend.name.equals(Suspect.TREND_REPLACED)
              ? s.explanation().replace(LeakSuspectFinder.neverRemoved(s.holder()), "")
              : s.explanation();
      // as many elements as in the oldest dump (within 1%), but more bytes: what each holds grows
      boolean eachGrows =
          r.trend.growing()
              && s.kind().equals(Suspect.KIND_ACCUMULATION)
              && s.instances() > 0
              && Math.abs(r.instanceGrowth) * 100 <= s.instances();
      out.add(
          s.withGrowth(
              out.size() + 1,
              s.title() + ", " + words,
              r.trend.growth(),
              series,
              explanation
                  + " It "
                  + words
                  + "."
                  + (eachGrows
                      ? " Its elements are as many as in the oldest dump, but they retain more:"
                          + " what each of them holds grows, not their number."
                      : ""),
              r.trend.name,
              nativeSeries.stream().allMatch(b -> b == 0) ? List.of() : nativeSeries));
    }
    List<DumpSummary> baselines = new ArrayList<>();
    for (AnalysisReport r : oldestFirst) {
      baselines.add(r.dump());
    }
    return newest.withSuspects(out, baselines);
  }

  /**
   * Whether each element retains half as much again as in the oldest dump, or more: the holder's
   * elements grow, not only their number, which no bound on the number of entries limits (a cache
   * of customers' histories, each a list that nothing trims). False without the oldest dump's.
   */
  static boolean eachGrows(@Nullable Suspect oldest, Suspect newest) {
    if (oldest == null || oldest.instances() <= 0 || newest.instances() <= 0) {
      return false;
    }
    double before = (double) oldest.memoryBytes() / oldest.instances();
    double now = (double) newest.memoryBytes() / newest.instances();
    return now > 1.5 * before;
  }

  /**
   * Whether the oldest thread that held a suspect in the oldest dump has ended by the newest: pools
   * and threads are named by a number that counts up as they are made (a pool's, a client's), so
   * when the newest dump's oldest thread is younger than the oldest dump's oldest, that one has
   * ended. Threads that end by themselves (a JDK {@code HttpClient} per request, whose threads stop
   * a while after it is collected; a cached pool's threads that time out) can number more in each
   * dump, by chance of the traffic and of how long each lingers, and so can what they hold (their
   * thread-locals, what their stacks keep): on JDK 17 such clients went from 200 to 400 to 443 over
   * three dumps seconds apart, the last dump's oldest being the 157th. Leaked pools and threads
   * stay, so the first of them is in every dump. Threads whose names hold no number (the main
   * thread, a named one) cannot be ordered; they may be the same threads in both dumps, and are
   * left aside when every one of them in the newest dump was there in the oldest: what grew then is
   * on the numbered ones (the JDK's cache of temporary direct buffers, a thread-local, was held by
   * {@code main} and by the clients' threads). False when the suspect holds no numbered threads in
   * either dump, or a named thread new since the oldest.
   */
  static boolean oldestThreadEnded(@Nullable Suspect oldest, Suspect newest) {
    if (oldest == null) {
      return false;
    }
    List<String> then = byFirstNumber(oldest.threads());
    List<String> now = byFirstNumber(newest.threads());
    int k = firstNumbered(then);
    int j = firstNumbered(now);
    if (!then.subList(0, k).containsAll(now.subList(0, j))) {
      return false; // a named thread new since: it may be what grew
    }
    if (k == then.size() || j == now.size()) {
      return false;
    }
    return firstNumber(now.get(j)).compareTo(firstNumber(then.get(k))) > 0;
  }

  /** The position of the first name with a number in names ordered {@link #byFirstNumber}. */
  private static int firstNumbered(List<String> sorted) {
    int k = 0;
    while (k < sorted.size() && firstNumber(sorted.get(k)) == null) {
      k++;
    }
    return k;
  }

  /**
   * What a summary keeps of the threads that hold a suspect: those whose names hold no number, and
   * the oldest and youngest of the others, as {@link #oldestThreadEnded} compares them.
   */
  public static List<String> threadsToKeep(List<String> names) {
    List<String> sorted = byFirstNumber(names);
    int k = firstNumbered(sorted);
    List<String> kept = new ArrayList<>(sorted.subList(0, k));
    if (k < sorted.size()) {
      kept.add(sorted.get(k));
      if (k < sorted.size() - 1) {
        kept.add(sorted.get(sorted.size() - 1));
      }
    }
    return kept;
  }

  /**
   * Thread names ordered by the first number in each (the pool's or the thread's, which counts up
   * as they are made), names without a number first, then by name.
   */
  public static List<String> byFirstNumber(List<String> names) {
    return names.stream()
        .sorted(
            Comparator.comparing(
                    (String n) -> {
                      BigInteger number = firstNumber(n);
                      return number == null ? BigInteger.valueOf(-1) : number;
                    })
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  private static final Pattern DIGITS = Pattern.compile("\\d+");

  /** The first number in a thread's name, or null when it has none. */
  public static @Nullable BigInteger firstNumber(String threadName) {
    Matcher m = DIGITS.matcher(threadName);
    return m.find() ? new BigInteger(m.group()) : null;
  }

  /**
   * Whether the dumps' class histograms show the instances a machinery holder gained: its
   * accumulated class gained at least half as many between the oldest dump and the newest. A holder
   * of the JVM's or a library's own is reported only while it grows (see {@link #machinery}), and
   * its reading is the least stable: its accumulation point can move between dumps (a class
   * loader's {@code ucp} field in one, the loader itself in the next, as it grew with the classes
   * loaded), and then it matches nothing older and "grows from nothing" with one {@code
   * URLClassPath} more. A leak through such a holder adds instances that the histogram counts.
   */
  static boolean inHistogram(
      Suspect s, long gained, Map<String, Long> newest, Map<String, Long> oldest) {
    if (gained <= 0) {
      return true; // no instances claimed: nothing for the histogram to confirm
    }
    String name = stable(s.accumulatedClass());
    long grew = newest.getOrDefault(name, 0L) - oldest.getOrDefault(name, 0L);
    return 2 * grew >= gained;
  }

  /** Instances of each class of a report's histogram, by name without hidden-class addresses. */
  private static Map<String, Long> instancesByClass(AnalysisReport r) {
    Map<String, Long> out = new HashMap<>();
    for (HistogramRow row : r.histogram()) {
      out.merge(stable(row.className()), row.instances(), Long::sum);
    }
    return out;
  }

  /**
   * A holder whose elements are replaced keeps less than this share of the oldest dump's elements.
   */
  static final double MAX_KEPT = 0.25;

  /**
   * A share of the oldest dump's elements this small still in the newest is none: about two of a
   * sample's 64.
   */
  static final double NONE_KEPT = 1.0 / 32;

  /**
   * Between {@link #NONE_KEPT} and {@link #MAX_KEPT}, the oldest dump's elements must have been
   * leaving: a dump in between held at least this many times the share the newest holds.
   */
  static final double DECAY = 1.5;

  /** A holder that grew by this share of its oldest size or more is growing whatever it keeps. */
  static final double MAX_REPLACED_GROWTH = 0.5;

  /**
   * The share of the oldest dump's elements of an accumulation that the newest still holds ({@link
   * ElementSamples#survival}) when it is under {@link #MAX_KEPT} and its elements are replaced, or
   * when it is {@link #MAX_KEPT} or more (kept: the caller compares); NaN when a share under {@link
   * #MAX_KEPT} was not leaving, the samples cannot tell, it is no accumulation, or it grew by
   * {@link #MAX_REPLACED_GROWTH} or more.
   *
   * <p>A leak keeps every element (1.0): a session store swept of idle sessions, or a cache whose
   * entries expire, replaces them all within its window, and minutes apart keeps none (0.0), while
   * it holds more whenever the traffic is higher. But a leak can hide in churn: a map of requests
   * in flight that an answer removes and a failure does not is mostly new at each dump, and keeps
   * for good the few that failed. So a share kept above {@link #NONE_KEPT} counts as replaced only
   * when the oldest dump's elements were still leaving: a dump in between (the latest that has the
   * holder) held {@link #DECAY} times more of them. A window's elements leave with time, while the
   * ones a leak keeps stay: in the churning map, the middle dump holds the same failed requests of
   * the oldest as the newest does. With two dumps nothing tells, and sizes decide. Only growth
   * under half the oldest size is put down to replacement: an executor's backlog is replaced too as
   * its workers take the oldest tasks, and grows by far more than its noise when it falls behind.
   */
  static double replaced(@Nullable Suspect oldest, @Nullable Suspect middle, Suspect newest) {
    if (oldest == null
        || !newest.kind().equals(Suspect.KIND_ACCUMULATION)
        || oldest.memoryBytes() <= 0
        || newest.memoryBytes() - oldest.memoryBytes()
            >= MAX_REPLACED_GROWTH * oldest.memoryBytes()) {
      return Double.NaN;
    }
    double kept = ElementSamples.survival(oldest.elementSample(), newest.elementSample());
    if (!(kept < MAX_KEPT) || kept <= NONE_KEPT) {
      return kept;
    }
    double before =
        middle == null
            ? Double.NaN
            : ElementSamples.survival(oldest.elementSample(), middle.elementSample());
    return before >= DECAY * kept ? kept : Double.NaN;
  }

  /**
   * Whether a holder's absence from an older dump says nothing: a class loader reached only through
   * one of its classes, with no field on the way. Its accumulation point is the loader itself,
   * whose biggest child changes as classes load; in another dump the same memory is listed under a
   * field of the loader ({@code ucp}) or not at all. In the corpus's Spring Boot programs the app
   * loader "grew from nothing" that way (+401,232 B in 26 strings), its class histogram gaining
   * strings for other reasons. Such a holder is judged only between dumps that list it.
   */
  private static boolean unmatchable(Suspect s) {
    return THROUGH_A_CLASS.matcher(s.holder()).matches();
  }

  /**
   * Whether a holder is the JDK's bookkeeping of class loading: a class loader's fields (its lock
   * per class name, {@code parallelLockMap}; its class path), and the jar files open for it ({@code
   * ZipFile$Source.files}, one central directory per jar). They grow as classes load, which a
   * service at rest still does (a request that takes a new path, a library initialised late), and
   * are bounded by the classes there are. Under ZGC, the corpus's Tomcat program showed {@code
   * ClassLoader.parallelLockMap} "growing" by 52 KB beside its leak, and its Logback program the
   * open jar files by 784 KB (one more jar read). Such a holder is not a leak in progress while the
   * number of classes grew over the same dumps; a leak of classes is the class loaders' suspect.
   * The same holds for the JDK's caches of what it learned about each class: the bean infos of
   * {@code java.beans.Introspector} ({@code ThreadGroupContext.contexts}, and the class infos under
   * them, {@code com.sun.beans.introspect.ClassInfo.CACHE}) and the interned method types ({@code
   * MethodType.internTable}), which a Groovy program that compiles a class per script grows by one
   * entry or more per class: that leak is the cache of classes, named apart.
   */
  static boolean classLoading(Suspect s) {
    int dot = s.holder().lastIndexOf('.');
    if (dot <= 0 || s.holder().contains(" ")) {
      return false;
    }
    String owner = s.holder().substring(0, dot);
    return owner.equals("java.lang.ClassLoader")
        || owner.equals("java.security.SecureClassLoader")
        || owner.equals("java.net.URLClassLoader")
        || owner.startsWith("jdk.internal.loader.")
        || owner.startsWith("java.util.zip.ZipFile")
        || owner.startsWith("java.util.jar.")
        || owner.equals("java.beans.ThreadGroupContext")
        || owner.startsWith("com.sun.beans.introspect.")
        || owner.equals("java.lang.invoke.MethodType");
  }

  /**
   * Whether a suspect is an accumulation held by a field of the application: one suspect per dump
   * (its accumulations are folded under the field), so the field alone matches it across dumps when
   * what is found to accumulate there changes (the class that retains most among the values, which
   * can change as they grow). Matched by field and class only, it "grew from nothing" then.
   */
  private static boolean applicationField(Suspect s, ApplicationPackages packages) {
    return s.kind().equals(Suspect.KIND_ACCUMULATION)
        && !s.holder().contains(" ")
        && !machinery(s, packages);
  }

  /**
   * Whether the class that declares a holder's field has instances and no more of them in the
   * newest dump than in the oldest: the open jar files' table ({@code ZipFile$Source.files}) with
   * as many {@code ZipFile$Source} as before holds the same jars, whatever its reading says. Its
   * reading is the sum of its parts from 1% of the heap, and a jar's table can be reached through
   * another holder in one dump (its class loader's) and through this one in the next: under ZGC the
   * corpus's Logback program showed it "growing" by one jar's 784 KB with the same 88 jars open and
   * the same classes loaded.
   */
  private static boolean ownerDidNotGrow(
      Suspect s, Map<String, Long> newest, Map<String, Long> oldest) {
    String owner = s.holder().substring(0, s.holder().lastIndexOf('.'));
    long now = newest.getOrDefault(owner, 0L);
    long then = oldest.getOrDefault(owner, 0L);
    return now > 0 && now <= then;
  }

  /** How many places a suspect's reading sums: its parts, or one. */
  private static int parts(Suspect s) {
    return Math.max(1, s.parts().size());
  }

  /** The memory a report's holders keep between them: the reachable heap and direct buffers. */
  private static long memory(AnalysisReport r) {
    return r.dump().totalShallowBytes()
        - r.dump().unreachableBytes()
        + r.nativeMemory().reachable().directBytes();
  }

  /**
   * How far down an older dump's suspects go, as it was analyzed for a comparison.
   *
   * @param share share of the memory its holders keep (heap and direct buffers) from which a holder
   *     is a suspect there
   * @param max the most suspects it lists
   */
  public record Recorded(double share, int max) {
    /** The least a holder, or a part of one, held to be listed in {@code older}. */
    long share(AnalysisReport older) {
      return (long) Math.ceil(memory(older) * share);
    }

    /**
     * What a holder that {@code older} does not list may have held there besides: its smallest
     * suspect when the list is full, else 0.
     */
    long unlisted(AnalysisReport older) {
      if (older.suspects().size() < max) {
        return 0;
      }
      long smallest = Long.MAX_VALUE;
      for (Suspect s : older.suspects()) {
        smallest = Math.min(smallest, s.memoryBytes());
      }
      return smallest;
    }
  }

  /**
   * Whether the step from {@code before} to {@code after} bytes is growth that counts: at least
   * {@link #FLOOR_BYTES}, {@link #HOLDER_SHARE} of {@code before} and {@link #HEAP_SHARE} of {@code
   * reachableBytes}.
   */
  /** Threads more, in one place, that make a step of waiting threads growth without the bytes. */
  static final int MORE_THREADS = 5;

  /**
   * Share of the holder's size before it that a last step must add to make a holder growing when no
   * step before it counted: a session store or a time-bounded cache caught with 960 entries, then
   * 960, then 980 (+2%) is the timing of its traffic, not a leak that started.
   */
  static final double ALONE_HOLDER_SHARE = 0.05;

  /** {@link #significant}, and at least {@link #ALONE_HOLDER_SHARE} of {@code before}. */
  static boolean significantAlone(long before, long after, long reachableBytes) {
    return significant(before, after, reachableBytes)
        && after - before >= ALONE_HOLDER_SHARE * before;
  }

  static boolean significant(long before, long after, long reachableBytes) {
    long step = after - before;
    return step >= FLOOR_BYTES
        && step >= HOLDER_SHARE * before
        && step >= HEAP_SHARE * reachableBytes;
  }

  /**
   * Whether a suspect is held by the JVM's or a library's own machinery rather than the
   * application: a class loader's pseudo-field, or a field declared by a JDK or library class.
   * Suspects held by threads (thread-locals, waiting threads, thread pools) are not machinery.
   */
  static boolean machinery(Suspect s, ApplicationPackages packages) {
    String holder = s.holder();
    if (holder.startsWith("class ")
        || holder.contains(".<")
        || holder.startsWith("JNI global ")
        || holder.startsWith("root ")
        || holder.startsWith("monitor ")) {
      return true; // the JVM's own roots and class loaders' bookkeeping
    }
    boolean heldInAField =
        s.kind().equals(Suspect.KIND_ACCUMULATION) || s.kind().equals(Suspect.KIND_NATIVE_MEMORY);
    if (!heldInAField || holder.contains(" ")) {
      return false;
    }
    int dot = holder.lastIndexOf('.');
    return dot > 0 && packages.isInternal(holder.substring(0, dot));
  }

  /** What identifies a holder across dumps: its field and the class that accumulates there. */
  static String signature(Suspect s) {
    return stable(s.holder()) + " | " + stable(s.accumulatedClass());
  }

  /**
   * A holder reached only through a class's {@code <classloader>} is the class loader, whichever of
   * its classes the path went through: the path search may take another of them in each dump. (The
   * corpus's loaders that still "grow from nothing" beside its leaks are another case: their
   * accumulation point moved, from the loader's {@code ucp} field to the loader itself, as it grew
   * with the classes loaded; neither holder nor class matches then.)
   */
  private static final Pattern THROUGH_A_CLASS =
      Pattern.compile("^class \\S+ → \\S+\\.<classloader>$");

  /**
   * A name without the address a hidden class carries ({@code Foo$$Lambda/0x…} → {@code
   * Foo$$Lambda}).
   */
  static String stable(String name) {
    if (THROUGH_A_CLASS.matcher(name).matches()) {
      return "a class's <classloader>";
    }
    return HIDDEN_CLASS_ADDRESS.matcher(name).replaceAll("");
  }

  /** How a holder's retained size moved over the dumps. */
  record Trend(String name, long growth, boolean everyStep, double kept, @Nullable String bound) {
    Trend(String name, long growth, boolean everyStep) {
      this(name, growth, everyStep, Double.NaN, null);
    }

    Trend(String name, long growth, boolean everyStep, double kept) {
      this(name, growth, everyStep, kept, null);
    }

    static Trend of(long[] series, long reachableBytes) {
      return of(
          series,
          series[series.length - 1] - series[0],
          (before, after) -> significant(before, after, reachableBytes),
          (before, after) -> significantAlone(before, after, reachableBytes));
    }

    /**
     * The trend of a series under a rule for a significant rise from one value to another (a fall
     * is a significant rise read backwards); {@code growth} is the bytes it reports.
     */
    static Trend of(long[] series, long growth, Rise rise) {
      return of(series, growth, rise, rise);
    }

    /**
     * As {@link #of(long[], long, Rise)}, where a last step that is the only significant rise
     * (after steps that did not count) must also pass {@code alone}: one step is weaker evidence
     * than a rise at every step.
     */
    static Trend of(long[] series, long growth, Rise rise, Rise alone) {
      boolean everyStep = true;
      boolean fell = false;
      for (int i = 1; i < series.length; i++) {
        everyStep &= rise.significant(series[i - 1], series[i]);
        fell |= rise.significant(series[i], series[i - 1]);
      }
      long last = series[series.length - 1];
      long beforeLast = series[series.length - 2];
      boolean overall = rise.significant(series[0], last);
      boolean lastRise = rise.significant(beforeLast, last);
      boolean lastStep = lastRise && (everyStep || alone.significant(beforeLast, last));
      // a rise that is only a last step too small to stand alone is no rise at all
      boolean weakRiseOnly = lastRise && !lastStep && !rise.significant(series[0], beforeLast);
      String name;
      if (everyStep || (overall && lastStep && !fell)) {
        name = Suspect.TREND_GROWING;
      } else if (fell) {
        name = Suspect.TREND_FLUCTUATING;
      } else if (overall && !weakRiseOnly) {
        name = Suspect.TREND_PLATEAU;
      } else {
        name = Suspect.TREND_STABLE;
      }
      return new Trend(name, growth, everyStep);
    }

    /** Whether going from {@code before} to {@code after} is a rise that counts. */
    interface Rise {
      boolean significant(long before, long after);
    }

    boolean growing() {
      return name.equals(Suspect.TREND_GROWING);
    }

    /** The words for a person, e.g. "grew in every one of 3 dumps: +1,234 bytes, +5 instances". */
    String describe(int dumps, long instanceGrowth) {
      String amounts = signed(growth) + " bytes, " + signed(instanceGrowth) + " instances";
      return switch (name) {
        case Suspect.TREND_GROWING ->
            (dumps == 2
                    ? "grew between the two dumps"
                    : (everyStep ? "grew in every one of " : "grew over ") + dumps + " dumps")
                + ": "
                + amounts;
        case Suspect.TREND_PLATEAU ->
            "grew, then stopped: at a plateau over " + dumps + " dumps (" + amounts + ")";
        case Suspect.TREND_REPLACED ->
            "grew over "
                + dumps
                + " dumps ("
                + amounts
                + "), but "
                + (kept == 0 ? "none" : "only " + Math.round(100 * kept) + "%")
                + " of the oldest dump's elements are still there (by a sample of what identifies"
                + " them): they are replaced, a window over time that holds more while traffic is"
                + " higher, not a leak";
        case Suspect.TREND_FILLING ->
            "grew over "
                + dumps
                + " dumps ("
                + amounts
                + "), but toward the bound of the cache that holds them, "
                + bound
                + ": a cache warming up, not a leak";
        case Suspect.TREND_FLUCTUATING ->
            "went up and down over " + dumps + " dumps, not a steady growth (" + amounts + ")";
        default -> "was stable over " + dumps + " dumps (" + amounts + ", within noise)";
      };
    }
  }

  private static String signed(long v) {
    return (v >= 0 ? "+" : "") + String.format(Locale.ROOT, "%,d", v);
  }

  private record Ranked(
      Suspect suspect, Trend trend, long instanceGrowth, long[] heap, long[] offHeap) {}
}
