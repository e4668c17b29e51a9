package io.leakscope.analysis.internal.suspects;

import io.leakscope.analysis.internal.growth.ElementSamples;
import io.leakscope.analysis.internal.offheap.NativeMemoryFinder;
import io.leakscope.analysis.internal.paths.GcRootPathFinder;
import io.leakscope.analysis.report.Bound;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.SuspectPart;
import io.leakscope.analysis.report.TextReportWriter;
import io.leakscope.heap.HeapIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the findings of every finder into the report's suspects, once paths are known: one leak,
 * one suspect.
 *
 * <p>Design note. A library often keeps one application field's data in several places: a Guava
 * cache in one table per segment, a metrics registry in several maps. Each is an accumulation point
 * of its own, but they share the application field that holds them, so accumulations with the same
 * holder are folded into one suspect: the biggest is the main part (its path is the suspect's), the
 * sizes and counts are summed (the parts are disjoint: {@link LeakSuspectFinder} keeps no
 * accumulation inside another), and every part is listed with its container and library. The
 * accumulated class is the application's class among the parts if there is one.
 */
public final class SuspectRanking {
  private SuspectRanking() {}

  /** A finding with its path and holder. */
  private record Named(Finding finding, List<String> path, String holder) {}

  /**
   * Findings of every kind as suspects, largest first. An accumulation inside a thread-local value
   * is left out when the thread-local finder reported that value's ThreadLocal, and one held where
   * old class loaders are held is left out for the class-loader suspect: those name what to fix.
   * JDK objects accumulated directly in an {@code Object[]} that a JNI global reference holds are
   * left out too: the JVM's own, which no code of the application adds to. On JDK 17 the
   * class-data-sharing archive's roots, an {@code Object[]} of some 4,000 strings, were 17% of a
   * small program's heap, and on JDK 25 the same roots (holding {@code FDBigInteger}'s cache) were
   * a second suspect that "grew" from nothing over three dumps (no reading under the same holder
   * and class in the two older ones). Anything deeper (a map a native library holds through a
   * global reference) is still a suspect.
   */
  public static List<Suspect> rank(
      List<Finding> findings,
      GcRootPathFinder paths,
      Map<Integer, String> leftBy,
      long reachableBytes,
      NativeMemory reachableDirect,
      int maxSuspects,
      HeapIndex index,
      ApplicationPackages packages,
      Map<Integer, long[]> samples,
      Map<Integer, Bound> bounds)
      throws IOException {
    boolean threadLocals =
        findings.stream().anyMatch(f -> f.kind().equals(Suspect.KIND_THREAD_LOCAL));
    Set<String> loaderHolders = new HashSet<>();
    for (Finding f : findings) {
      if (f.kind().equals(Suspect.KIND_CLASS_LOADER)) {
        loaderHolders.add(f.holder());
      }
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparingLong(Finding::memoryBytes).reversed());
    List<Named> named = new ArrayList<>();
    Map<String, Long> heapOfHolder = new HashMap<>();
    Map<String, Long> nativeOfHolder = new HashMap<>();
    for (Finding f : sorted) {
      List<String> path = paths.describePath(f.target());
      String field = leftBy.get(f.target());
      if (f.kind().equals(Suspect.KIND_ACCUMULATION) && field != null) {
        // the point is an object of its own (an application context, a registry): its elements
        // are in one of its fields, which names the holder when no application field does
        path = new ArrayList<>(path);
        path.add(field);
      }
      if (threadLocals
          && f.kind().equals(Suspect.KIND_ACCUMULATION)
          && path.contains("java.lang.ThreadLocal$ThreadLocalMap$Entry.value")) {
        continue;
      }
      String holder = f.holder() != null ? f.holder() : LeakSuspectFinder.holder(path, packages);
      if (f.kind().equals(Suspect.KIND_ACCUMULATION) && loaderHolders.contains(holder)) {
        continue; // the class-loader suspect of the same holder says more
      }
      if (jvmOwn(f, holder, path)) {
        continue;
      }
      if (f.kind().equals(Suspect.KIND_ACCUMULATION)) {
        heapOfHolder.merge(holder, f.retained(), Long::sum);
      } else if (f.kind().equals(Suspect.KIND_NATIVE_MEMORY)) {
        nativeOfHolder.merge(holder, f.nativeMemory().directBytes(), Long::sum);
      }
      named.add(new Named(f, path, holder));
    }
    // accumulations by holder, in order of their biggest part; other kinds stand alone. A holder
    // found both for its heap and its direct buffers is one suspect, of the kind that holds more
    // (both carry the holder's native memory)
    Map<String, List<Named>> groups = new LinkedHashMap<>();
    for (Named n : named) {
      Finding f = n.finding();
      long heap = heapOfHolder.getOrDefault(n.holder(), -1L);
      long outside = nativeOfHolder.getOrDefault(n.holder(), -1L);
      if ((f.kind().equals(Suspect.KIND_NATIVE_MEMORY) && heap >= outside)
          || (f.kind().equals(Suspect.KIND_ACCUMULATION) && outside > heap)) {
        continue;
      }
      String key =
          f.kind().equals(Suspect.KIND_ACCUMULATION)
              ? n.holder()
              : f.kind().equals(Suspect.KIND_NATIVE_MEMORY)
                  ? nativeGroup(n, packages)
                  : f.kind() + "#" + groups.size();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
      if (groups.size() > maxSuspects) {
        groups.remove(key);
        break;
      }
    }
    List<Suspect> out = new ArrayList<>();
    for (List<Named> group : groups.values()) {
      Suspect s = suspect(out.size() + 1, group, reachableBytes, reachableDirect, index, packages);
      if (s.kind().equals(Suspect.KIND_ACCUMULATION)) {
        List<long[]> parts = new ArrayList<>();
        for (Named n : group) {
          parts.add(samples.getOrDefault(n.finding().target(), new long[0]));
        }
        s = s.withElementSample(ElementSamples.merge(parts));
        s = bounded(s, group, bounds);
      }
      out.add(s);
    }
    return out;
  }

  /**
   * {@code s} with the bound of the cache its parts lie in, and a sentence that says it: all parts
   * in one cache (its segments), or none bounded.
   */
  private static Suspect bounded(Suspect s, List<Named> group, Map<Integer, Bound> bounds) {
    Bound b = null;
    for (Named n : group) {
      Bound part = bounds.get(n.finding().target());
      if (part == null || (b != null && !b.equals(part))) {
        return s;
      }
      b = b == null ? part : b;
    }
    if (b == null) {
      return s;
    }
    long bytes = s.memoryBytes();
    // many more elements than entries: they are inside the cached values, which no bound on the
    // entries limits
    boolean inside = b.entries() > 0 && s.instances() > 4 * b.entries() + 16;
    String words =
        inside
            ? String.format(
                Locale.ROOT,
                " They are inside the values of a %s of at most %,d%s, which holds %,d entries:"
                    + " about %,d per entry, which its bound does not limit.",
                b.structure(),
                b.limit(),
                b.weighed() ? " by weight" : " entries",
                b.entries(),
                s.instances() / b.entries())
            : " Its elements are the entries of "
                + b.describe(bytes)
                + (!b.limits()
                    ? "."
                    : b.full()
                        ? ": full. More entries evict older ones; if it is too big, lower its"
                            + " bound."
                        : b.none()
                            ? ". That is no bound: nothing keeps it from running out of memory."
                            : !b.fits(bytes)
                                ? ". The heap cannot hold it at its bound: the bound does not keep"
                                    + " it from running out of memory."
                                : ". It stops growing at its bound.");
    // entries a bound evicts are removed: the sentence for a collection that never removes any
    // does not apply, unless the bound does not hold them or the heap cannot hold the bound
    String never = LeakSuspectFinder.neverRemoved(s.holder());
    boolean evicts = !inside && !b.none() && b.limits() && (b.full() || b.fits(bytes));
    String explanation =
        evicts && s.explanation().contains(never)
            ? s.explanation().replace(never, words)
            : s.explanation() + words;
    return s.withBound(inside ? null : b)
        .withGrowth(
            s.rank(),
            s.title(),
            s.growthBytes(),
            s.retainedSeries(),
            explanation,
            s.trend(),
            s.nativeSeries());
  }

  /**
   * Which suspect a holder of direct buffers belongs to. Buffers held in a library's objects (the
   * chunks of Netty's pooled allocator) are one suspect wherever they are found: a pool keeps its
   * chunks in one arena per group of threads, each also held by its threads' caches, and within an
   * arena in lists by how full each chunk is, so that the descent stops at an arena in one dump and
   * at a list in the next as the chunks move. Named each by its own holder, one leak was two
   * suspects, and neither matched its reading in the older dumps. Other buffers group by holder.
   */
  private static String nativeGroup(Named n, ApplicationPackages packages) {
    String held = n.finding().accumulatedClass();
    return Suspect.KIND_NATIVE_MEMORY
        + (packages.isLibrary(held) ? " in " + held : " " + n.holder());
  }

  /**
   * The path the parts of one suspect share from their GC root, and the holder it names: the
   * application's field on it, or else the library's outermost ({@code
   * PooledByteBufAllocator.DEFAULT} for the arenas of Netty's default pool), so that the name is
   * the same whether the chunks are found in one arena's list or in several arenas. Named by the
   * nearest field, one pool was "{@code PoolChunkList.head}" in one dump and "{@code
   * PooledByteBufAllocator.directArenas}" in the next, and a pool that did not grow would have
   * "grown from nothing".
   */
  private static Named common(List<Named> group, ApplicationPackages packages) {
    List<String> shared = group.get(0).path();
    for (Named n : group) {
      int k = 0;
      while (k < shared.size() && k < n.path().size() && shared.get(k).equals(n.path().get(k))) {
        k++;
      }
      shared = shared.subList(0, k);
    }
    if (shared.isEmpty()) {
      return group.get(0);
    }
    return new Named(
        group.get(0).finding(),
        List.copyOf(shared),
        LeakSuspectFinder.outerHolder(shared, packages));
  }

  /**
   * JDK objects accumulated directly in an {@code Object[]} held by a JNI global reference: the
   * path is that root alone.
   */
  static boolean jvmOwn(Finding f, String holder, List<String> path) {
    String root = "JNI global java.lang.Object[]";
    return f.kind().equals(Suspect.KIND_ACCUMULATION)
        && holder.equals(root)
        && path.equals(List.of(root))
        && ApplicationPackages.isJdk(f.accumulatedClass());
  }

  private static Suspect suspect(
      int rank,
      List<Named> group,
      long reachableBytes,
      NativeMemory reachableDirect,
      HeapIndex index,
      ApplicationPackages packages) {
    Named main = group.get(0);
    Finding f = main.finding();
    if (f.kind().equals(Suspect.KIND_NATIVE_MEMORY) && packages.isLibrary(f.accumulatedClass())) {
      main = common(group, packages); // one part or several, the same name
    }
    long retained = 0;
    long instances = 0;
    NativeMemory outside = NativeMemory.NONE;
    String accumulated = f.accumulatedClass();
    for (Named n : group) {
      retained += n.finding().retained();
      outside = outside.plus(n.finding().nativeMemory());
      if (!packages.isApplication(accumulated)
          && packages.isApplication(n.finding().accumulatedClass())) {
        accumulated = n.finding().accumulatedClass();
      }
    }
    for (Named n : group) {
      if (n.finding().accumulatedClass().equals(accumulated)) {
        instances += n.finding().instances();
      }
    }
    String percent = String.format("%.0f%%", 100.0 * retained / Math.max(1, reachableBytes));
    String alsoNative =
        f.kind().equals(Suspect.KIND_ACCUMULATION) && outside.directBuffers() > 0
            ? ", and retains "
                + TextReportWriter.bytes(outside.directBytes())
                + " of native memory through "
                + String.format(Locale.ROOT, "%,d", outside.directBuffers())
                + (outside.directBuffers() == 1 ? " direct buffer" : " direct buffers")
            : "";
    if (group.size() == 1) {
      return new Suspect(
          rank,
          Finding.fill(f.title(), main.holder(), percent) + alsoNative,
          main.holder(),
          f.accumulatedClass(),
          f.instances(),
          f.retained(),
          null,
          main.path(),
          Finding.fill(f.explanation(), main.holder(), percent) + keptBy(f, main.path(), packages),
          f.kind(),
          List.of(),
          f.threads(),
          f.stack(),
          List.of(),
          null,
          f.nativeMemory(),
          List.of());
    }
    List<SuspectPart> parts = new ArrayList<>();
    Map<String, Integer> containers = new LinkedHashMap<>();
    for (Named n : group) {
      String container = index.heapClass(index.classOf(n.finding().target())).name();
      String library = packages.libraryName(container);
      parts.add(
          new SuspectPart(
              container,
              library,
              n.finding().accumulatedClass(),
              n.finding().instances(),
              n.finding().retained()));
      containers.merge((library == null ? "" : library + " ") + container, 1, Integer::sum);
    }
    if (f.kind().equals(Suspect.KIND_NATIVE_MEMORY)) {
      // buffers in several places: the same words as for one, on their sum
      Finding all =
          NativeMemoryFinder.finding(
              f.target(), f.accumulatedClass(), outside, retained, reachableDirect, group.size());
      return inParts(
          rank,
          Finding.fill(all.title(), main.holder(), percent),
          main,
          all.accumulatedClass(),
          all.instances(),
          retained,
          Finding.fill(all.explanation(), main.holder(), percent),
          parts,
          outside);
    }
    List<String> inside = new ArrayList<>();
    containers.forEach((c, count) -> inside.add(count + " × " + c));
    String title =
        instances
            + " × "
            + accumulated
            + " held by "
            + main.holder()
            + " ("
            + percent
            + " of the heap, in "
            + group.size()
            + " parts)"
            + alsoNative;
    String explanation =
        instances
            + " instances of "
            + accumulated
            + " accumulate under "
            + main.holder()
            + ", which retains "
            + percent
            + " of the reachable heap in "
            + group.size()
            + " places inside it: "
            + String.join(", ", inside)
            + ". If this grows between dumps, entries are added and never removed:"
            + Finding.fill(LeakSuspectFinder.LOOK_AT, main.holder(), percent)
            + aboutTheParts(group);
    return inParts(
        rank, title, main, accumulated, instances, retained, explanation, parts, outside);
  }

  /**
   * For threads that no field names (pools, clients' threads), the application's field on the path
   * shown, as a sentence: a map of clients per tenant keeps them, and that is where they are made
   * and kept. Empty for other kinds, or when only libraries and the JDK are on the path.
   */
  private static String keptBy(Finding f, List<String> path, ApplicationPackages packages) {
    if (!f.kind().equals(Suspect.KIND_THREAD_POOLS)) {
      return "";
    }
    String field = LeakSuspectFinder.applicationField(path, packages);
    return field == null
        ? ""
        : " The one whose path is shown is kept by "
            + field
            + ", a field of the application: look there for where they are made and kept.";
  }

  /**
   * What the parts' explanations say of their elements, each sentence once, the biggest part's
   * first: a part whose elements are Reactor's groups carries the advice for {@code groupBy} even
   * where the biggest part is the buffers of those groups.
   */
  private static String aboutTheParts(List<Named> group) {
    Set<String> said = new java.util.LinkedHashSet<>();
    for (Named n : group) {
      String about = LeakSuspectFinder.aboutTheElements(n.finding().explanation());
      if (!about.isEmpty()) {
        said.add(about);
      }
    }
    return String.join("", said);
  }

  /** A suspect folded from {@code parts}, under {@code main}'s holder and path. */
  private static Suspect inParts(
      int rank,
      String title,
      Named main,
      String accumulated,
      long instances,
      long retained,
      String explanation,
      List<SuspectPart> parts,
      NativeMemory outside) {
    Finding f = main.finding();
    return new Suspect(
        rank,
        title,
        main.holder(),
        accumulated,
        instances,
        retained,
        null,
        main.path(),
        explanation,
        f.kind(),
        List.of(),
        f.threads(),
        f.stack(),
        parts,
        null,
        outside,
        List.of());
  }
}
