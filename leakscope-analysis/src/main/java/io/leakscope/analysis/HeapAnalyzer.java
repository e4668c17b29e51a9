package io.leakscope.analysis;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.ClassDelta;
import io.leakscope.analysis.report.DiffReport;
import io.leakscope.analysis.report.DominatorEntry;
import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.DumpTruncation;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.Timings;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.ObjectLayout;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.Truncation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Analyzes one heap dump into an {@link AnalysisReport}: index, dominator tree, retained sizes,
 * histogram, the biggest objects and their paths from GC roots.
 */
public final class HeapAnalyzer {
  private HeapAnalyzer() {}

  /** Share of the reachable heap an object must retain to become a leak suspect (as in MAT). */
  static final double SUSPECT_SHARE = 0.10;

  /**
   * {@code -Dleakscope.debugMemory=true} logs the live heap after each phase to stderr (it forces a
   * full GC per phase, so it slows the analysis down; for measuring the index's memory).
   */
  private static final boolean DEBUG_MEMORY = Boolean.getBoolean("leakscope.debugMemory");

  private static void memory(String phase, long objects) {
    if (!DEBUG_MEMORY) {
      return;
    }
    System.gc();
    long used =
        java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.err.printf(
        "leakscope memory: %-12s live heap %,d bytes (%.1f bytes/object)%n",
        phase, used, objects == 0 ? 0.0 : used / (double) objects);
  }

  /**
   * Reads {@code dump} (plain or gzip HPROF), builds the index and computes histogram, dominators,
   * retained sizes and paths from GC roots.
   *
   * @throws HprofFormatException if the dump or a baseline is malformed (or truncated, where not
   *     {@linkplain AnalysisOptions#lenient() lenient}); its {@link HprofFormatException#dump()} is
   *     the file that failed, {@code dump} or one of the baselines, as given here
   * @throws IOException if a file cannot be read
   * @throws java.util.concurrent.CancellationException if {@code progress} cancelled the work
   */
  public static AnalysisReport analyze(
      Path dump, AnalysisOptions options, ProgressListener progress) throws IOException {
    if (options.baselines().isEmpty()) {
      return analyzeOne(dump, options, progress, SUSPECT_SHARE, SINGLE_DUMP_SUSPECTS, true);
    }
    List<AnalysisReport> older = new ArrayList<>();
    for (Path baseline : options.baselines()) {
      // one dump at a time: only its report is kept, so memory stays that of one analysis
      older.add(analyzeBaseline(baseline, progress));
    }
    AnalysisReport newest =
        analyzeOne(dump, options, progress, GROWTH_SHARE, GROWTH_SUSPECTS, true);
    long start = System.nanoTime();
    AnalysisReport ranked = SuspectGrowth.rank(newest, older, SUSPECT_SHARE);
    return ranked.withTimings(
        ranked.timings().plusSuspectMillis((System.nanoTime() - start) / 1_000_000));
  }

  /**
   * Compares two dumps of the same service: the change of every class, and the holders that grew
   * (as {@code analyze newer --baseline older} ranks them).
   *
   * @throws HprofFormatException if a dump is malformed or truncated; its {@link
   *     HprofFormatException#dump()} is the file that failed, {@code older} or {@code newer}
   * @throws IOException if a file cannot be read
   */
  public static DiffReport diff(Path older, Path newer, ProgressListener progress)
      throws IOException {
    AnalysisReport before = analyzeBaseline(older, progress);
    AnalysisReport after =
        analyzeOne(newer, new AnalysisOptions(1), progress, GROWTH_SHARE, GROWTH_SUSPECTS, false);
    List<Suspect> growing = new ArrayList<>();
    for (Suspect s : SuspectGrowth.rank(after, List.of(before), SUSPECT_SHARE).suspects()) {
      if (s.growthBytes() != null && s.growthBytes() > 0) {
        growing.add(s);
      }
    }
    Map<String, long[]> rows = new LinkedHashMap<>(); // name -> {instances, bytes} before, after
    for (HistogramRow r : before.histogram()) {
      long[] v = rows.computeIfAbsent(r.className(), k -> new long[4]);
      v[0] += r.instances();
      v[1] += r.shallowBytes();
    }
    for (HistogramRow r : after.histogram()) {
      long[] v = rows.computeIfAbsent(r.className(), k -> new long[4]);
      v[2] += r.instances();
      v[3] += r.shallowBytes();
    }
    List<ClassDelta> classes = new ArrayList<>();
    rows.forEach(
        (name, v) -> {
          if (v[0] != v[2] || v[1] != v[3]) {
            classes.add(new ClassDelta(name, v[0], v[2], v[2] - v[0], v[1], v[3], v[3] - v[1]));
          }
        });
    classes.sort(
        Comparator.comparingLong(ClassDelta::shallowBytesDelta)
            .reversed()
            .thenComparing(ClassDelta::className));
    return new DiffReport(before.dump(), after.dump(), classes, growing);
  }

  /** A baseline's report: as a growth ranking needs it, never lenient. */
  private static AnalysisReport analyzeBaseline(Path baseline, ProgressListener progress)
      throws IOException {
    return analyzeOne(
        baseline, new AnalysisOptions(1), progress, GROWTH_SHARE, GROWTH_SUSPECTS, false);
  }

  private static DumpTruncation truncation(Truncation t) {
    return new DumpTruncation(
        t.dumpEnd(),
        t.usableEnd(),
        t.cutRecord(),
        t.cutRecordOffset(),
        t.missingBytes(),
        t.lastCompleteRecordOffset());
  }

  /** Suspects in a single dump: at most this many. */
  static final int SINGLE_DUMP_SUSPECTS = 10;

  /** With baselines, holders down to this share of the heap are followed across dumps. */
  static final double GROWTH_SHARE = 0.01;

  static final int GROWTH_SUSPECTS = 50;

  private static AnalysisReport analyzeOne(
      Path dump,
      AnalysisOptions options,
      ProgressListener progress,
      double share,
      int maxSuspects,
      boolean full)
      throws IOException {
    long t0 = System.nanoTime();
    try (HeapIndex index = HeapIndex.open(dump, progress, options.lenient())) {
      long parsed = System.nanoTime();
      memory("index", index.objectCount());
      int[] roots = index.roots().distinctObjectIds();
      DominatorTree tree;
      try (java.io.Closeable parked = index.parkObjectData()) {
        HeapIndex.releaseGarbage();
        tree = DominatorTree.compute(index.graph(), roots, progress);
      }
      memory("dominators", index.objectCount());
      RetainedSizes retained = RetainedSizes.compute(tree, index::shallowSize);
      long[] classRetained =
          RetainedSizes.byClass(tree, retained, index.classIndexArray(), index.classCount());
      long dominated = System.nanoTime();

      int n = index.objectCount();
      long[] classShallow = new long[index.classCount()];
      long total = 0;
      long unreachable = 0;
      long unreachableBytes = 0;
      int[] classOf = index.classIndexArray();
      // one bit per object is all the path search needs of the dominator tree
      java.util.BitSet reachable = new java.util.BitSet(n);
      for (int i = 0; i < n; i++) {
        long s = index.shallowSize(i);
        classShallow[classOf[i]] += s;
        total += s;
        if (tree.isReachable(i)) {
          reachable.set(i);
        } else {
          unreachable++;
          unreachableBytes += s;
        }
      }
      List<HistogramRow> histogram = histogram(index, classShallow, classRetained);
      int[] biggest = biggest(tree, retained, options.topDominators());
      long[] biggestRetained = new long[biggest.length];
      for (int k = 0; k < biggest.length; k++) {
        biggestRetained[k] = retained.retained(biggest[k]);
      }
      int reachableCount = tree.reachableCount();
      long reachableBytes = retained.reachableBytes();
      long suspectStart = System.nanoTime();
      long floor = (long) Math.ceil(reachableBytes * share);
      List<Finding> findings = new ArrayList<>();
      for (LeakSuspectFinder.Accumulation a :
          LeakSuspectFinder.find(index, tree, retained, share, maxSuspects)) {
        findings.add(accumulation(index, a));
      }
      findings.addAll(ThreadSuspectFinder.threadLocals(index, tree, retained, floor));
      findings.addAll(ThreadSuspectFinder.blockedThreads(index, tree, retained, floor));
      List<ClassLoaderLeakFinder.DuplicateLoader> loaders =
          ClassLoaderLeakFinder.find(index, tree, retained);
      long suspectNanos = System.nanoTime() - suspectStart;
      // a baseline needs only its suspects: no tree for a person, no inspections
      List<DominatorNode> treeTop =
          full ? DominatorTreeSummary.extract(index, tree, retained) : List.of();
      // free the dominator tree and retained sizes (16 bytes per object) before the path search
      tree = null;
      retained = null;
      HeapIndex.releaseGarbage();
      long inspectionStart = System.nanoTime();
      List<Inspection> inspections =
          full ? Inspections.run(index, reachable::get, progress) : List.of();
      long inspectionNanos = System.nanoTime() - inspectionStart;
      progress.update("paths", 0, 1);
      java.util.Set<Long> leakedLoaders = new java.util.HashSet<>();
      for (ClassLoaderLeakFinder.DuplicateLoader l : loaders) {
        leakedLoaders.add(l.address());
      }
      GcRootPathFinder paths =
          GcRootPathFinder.compute(
              index,
              reachable::get,
              c -> !leakedLoaders.contains(index.heapClass(c).loaderAddress()),
              progress);
      memory("paths", index.objectCount());
      List<DominatorEntry> top = new ArrayList<>();
      for (int k = 0; k < biggest.length; k++) {
        int id = biggest[k];
        top.add(
            new DominatorEntry(
                "0x" + Long.toHexString(index.address(id)),
                index.heapClass(index.classOf(id)).name(),
                index.shallowSize(id),
                biggestRetained[k],
                paths.describePath(id)));
      }
      long describeStart = System.nanoTime();
      Map<Integer, String> loaderHolders = new java.util.HashMap<>();
      for (ClassLoaderLeakFinder.DuplicateLoader l : loaders) {
        loaderHolders.put(l.loader(), LeakSuspectFinder.holder(paths.describePath(l.loader())));
      }
      findings.addAll(ClassLoaderLeakFinder.findings(index, loaders, loaderHolders));
      List<Suspect> suspects = suspects(findings, paths, reachableBytes, maxSuspects);
      suspectNanos += System.nanoTime() - describeStart;
      ObjectLayout layout = index.layout();
      DumpSummary summary =
          new DumpSummary(
              dump.toString(),
              index.file().fileLength(),
              index.file().header().format(),
              index.file().header().idSize(),
              index.file().compressed(),
              index.file().header().timestampMillis(),
              n,
              index.classCount(),
              index.roots().count(),
              reachableCount,
              unreachable,
              unreachableBytes,
              index.missingReferences(),
              total,
              layout.compressedOops(),
              layout.compressedClassPointers(),
              layout.alignment(),
              index.file().truncation().map(HeapAnalyzer::truncation).orElse(null));
      long end = System.nanoTime();
      Timings timings =
          new Timings(
              (parsed - t0) / 1_000_000,
              (dominated - parsed) / 1_000_000,
              (end - t0) / 1_000_000,
              suspectNanos / 1_000_000,
              inspectionNanos / 1_000_000);
      return new AnalysisReport(
          summary, histogram, top, suspects, timings, List.of(), treeTop, inspections);
    } catch (HprofFormatException e) {
      // every dump is read here, the analyzed one and each baseline: the error says which
      throw e.withDump(dump);
    }
  }

  /** An accumulation point as a finding, explained. */
  private static Finding accumulation(HeapIndex index, LeakSuspectFinder.Accumulation a) {
    long instances = Math.max(1, a.instances());
    String container = index.heapClass(index.classOf(a.point())).name();
    return new Finding(
        Suspect.KIND_ACCUMULATION,
        a.point(),
        null,
        a.accumulatedClass(),
        instances,
        a.retained(),
        List.of(),
        List.of(),
        instances + " × " + a.accumulatedClass() + " held by {holder} ({percent} of the heap)",
        instances
            + " instances of "
            + a.accumulatedClass()
            + " accumulate in a "
            + container
            + " reached through {holder}, which retains {percent} of the reachable heap. If this"
            + " grows between dumps, entries are added and never removed: look at the code that"
            + " adds to {holder}.");
  }

  /**
   * Findings of every kind as suspects, largest first. An accumulation inside a thread-local value
   * is left out when the thread-local finder reported that value's ThreadLocal, and one held where
   * old class loaders are held is left out for the class-loader suspect: those name what to fix.
   */
  private static List<Suspect> suspects(
      List<Finding> findings, GcRootPathFinder paths, long reachableBytes, int maxSuspects)
      throws IOException {
    boolean threadLocals =
        findings.stream().anyMatch(f -> f.kind().equals(Suspect.KIND_THREAD_LOCAL));
    java.util.Set<String> loaderHolders = new java.util.HashSet<>();
    for (Finding f : findings) {
      if (f.kind().equals(Suspect.KIND_CLASS_LOADER)) {
        loaderHolders.add(f.holder());
      }
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparingLong(Finding::retained).reversed());
    List<Suspect> out = new ArrayList<>();
    for (Finding f : sorted) {
      if (out.size() == maxSuspects) {
        break;
      }
      List<String> path = paths.describePath(f.target());
      if (threadLocals
          && f.kind().equals(Suspect.KIND_ACCUMULATION)
          && path.contains("java.lang.ThreadLocal$ThreadLocalMap$Entry.value")) {
        continue;
      }
      String holder = f.holder() != null ? f.holder() : LeakSuspectFinder.holder(path);
      if (f.kind().equals(Suspect.KIND_ACCUMULATION) && loaderHolders.contains(holder)) {
        continue; // the class-loader suspect of the same holder says more
      }
      String percent = String.format("%.0f%%", 100.0 * f.retained() / Math.max(1, reachableBytes));
      out.add(
          new Suspect(
              out.size() + 1,
              Finding.fill(f.title(), holder, percent),
              holder,
              f.accumulatedClass(),
              f.instances(),
              f.retained(),
              null,
              path,
              Finding.fill(f.explanation(), holder, percent),
              f.kind(),
              List.of(),
              f.threads(),
              f.stack()));
    }
    return out;
  }

  /** One row per class name (classes of the same name from several loaders are summed). */
  private static List<HistogramRow> histogram(HeapIndex index, long[] shallow, long[] retained) {
    Map<String, long[]> rows = new LinkedHashMap<>();
    for (int c = 0; c < index.classCount(); c++) {
      long count = index.instanceCount(c);
      if (count == 0) {
        continue;
      }
      long[] r = rows.computeIfAbsent(index.heapClass(c).name(), k -> new long[3]);
      r[0] += count;
      r[1] += shallow[c];
      r[2] += retained[c];
    }
    List<HistogramRow> out = new ArrayList<>();
    rows.forEach((name, r) -> out.add(new HistogramRow(name, r[0], r[1], r[2])));
    out.sort(
        Comparator.comparingLong(HistogramRow::shallowBytes)
            .reversed()
            .thenComparing(HistogramRow::className));
    return out;
  }

  /** The {@code k} reachable objects with the largest retained sizes, largest first. */
  static int[] biggest(DominatorTree tree, RetainedSizes retained, int k) {
    PriorityQueue<long[]> heap = new PriorityQueue<>(Comparator.comparingLong((long[] a) -> a[0]));
    long floor = Long.MIN_VALUE;
    for (int i = 0; i < tree.reachableCount(); i++) {
      int id = tree.objectInPreorder(i);
      long r = retained.retained(id);
      if (heap.size() < k) {
        heap.add(new long[] {r, id});
        floor = heap.peek()[0];
      } else if (r > floor) {
        heap.poll();
        heap.add(new long[] {r, id});
        floor = heap.peek()[0];
      }
    }
    List<long[]> all = new ArrayList<>(heap);
    all.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed().thenComparingLong(a -> a[1]));
    int[] ids = new int[all.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) all.get(i)[1];
    }
    return ids;
  }
}
