package io.leakscope.analysis;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.dominators.DominatorTreeSummary;
import io.leakscope.analysis.internal.dominators.RetainedSizes;
import io.leakscope.analysis.internal.growth.ElementSamples;
import io.leakscope.analysis.internal.inspections.Inspections;
import io.leakscope.analysis.internal.offheap.DirectBuffers;
import io.leakscope.analysis.internal.offheap.NativeMemoryFinder;
import io.leakscope.analysis.internal.offheap.ZlibStreams;
import io.leakscope.analysis.internal.parallel.Forked;
import io.leakscope.analysis.internal.paths.GcRootPathFinder;
import io.leakscope.analysis.internal.paths.UnreachableStarts;
import io.leakscope.analysis.internal.suspects.ApplicationPackages;
import io.leakscope.analysis.internal.suspects.CacheBounds;
import io.leakscope.analysis.internal.suspects.ClassLoaderLeakFinder;
import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.internal.suspects.LeakSuspectFinder;
import io.leakscope.analysis.internal.suspects.MainClass;
import io.leakscope.analysis.internal.suspects.SharedAccumulations;
import io.leakscope.analysis.internal.suspects.SuspectRanking;
import io.leakscope.analysis.internal.suspects.TomcatSessions;
import io.leakscope.analysis.internal.threads.ThreadPoolFinder;
import io.leakscope.analysis.internal.threads.ThreadSuspectFinder;
import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.Bound;
import io.leakscope.analysis.report.DominatorEntry;
import io.leakscope.analysis.report.DominatorNode;
import io.leakscope.analysis.report.DumpSummary;
import io.leakscope.analysis.report.DumpTruncation;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.analysis.report.Inspection;
import io.leakscope.analysis.report.NativeHolder;
import io.leakscope.analysis.report.NativeMemory;
import io.leakscope.analysis.report.NativeMemorySummary;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.analysis.report.Timings;
import io.leakscope.analysis.report.UnreachableStart;
import io.leakscope.heap.ClassColumn;
import io.leakscope.heap.HeapIndex;
import io.leakscope.heap.IndexLimitException;
import io.leakscope.heap.ObjectLayout;
import io.leakscope.hprof.HprofFormatException;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.Truncation;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * One dump through the analysis, step by step: index → dominators → retained sizes → histogram →
 * biggest objects → suspects, threads and thread pools → (dominator tree freed) → inspections →
 * paths from GC roots → report.
 *
 * <p>The steps that need the dominator tree (retained sizes, histogram, biggest objects, suspect
 * finders, the tree's top for the HTML report) run first; the tree and the retained sizes (16 bytes
 * per object) are then freed, so that the inspections and the path search run without them. A
 * finder therefore yields {@link Finding}s, and the suspects are named from their paths at the end.
 */
final class AnalysisPipeline {

  /** What a dump is analyzed for: how far down its suspects go and which parts are computed. */
  enum Purpose {
    /** A dump analyzed alone: suspects from 10% of the reachable heap (as in MAT), at most 10. */
    SINGLE_DUMP(0.10, 10, true, false),
    /** The newest of several dumps: holders down to 1% of the heap are followed across dumps. */
    NEWEST_OF_SEVERAL(0.01, 50, true, true),
    /**
     * A dump compared with another (a baseline, either side of a diff): only what the comparison
     * matches, the suspects and the histogram; no dominator tree for a person, no inspections.
     */
    COMPARED(0.01, 50, false, true);

    /** Share of the reachable heap an object must retain to become a leak suspect. */
    final double suspectShare;

    final int maxSuspects;

    /** Whether the parts only a person reads are computed: the tree's top and the inspections. */
    final boolean wholeReport;

    /**
     * Whether the accumulations' elements are sampled ({@code ElementSamples}): only a comparison
     * reads the samples, and they cost a few reads per element.
     */
    final boolean samples;

    Purpose(double suspectShare, int maxSuspects, boolean wholeReport, boolean samples) {
      this.suspectShare = suspectShare;
      this.maxSuspects = maxSuspects;
      this.wholeReport = wholeReport;
      this.samples = samples;
    }
  }

  /**
   * {@code -Dleakscope.debugMemory=true} logs the live heap after each phase to stderr (it forces a
   * full GC per phase, so it slows the analysis down; for measuring the index's memory).
   */
  private static final boolean DEBUG_MEMORY = Boolean.getBoolean("leakscope.debugMemory");

  private final Path dump;
  private final HeapIndex index;
  private final AnalysisOptions options;
  private final ProgressListener progress;
  private final Purpose purpose;
  private final ApplicationPackages packages;
  private final @Nullable String mainClass;

  private final long started;
  private final long indexed;
  private long dominated;
  private long suspectNanos;
  private long inspectionNanos;

  private AnalysisPipeline(
      Path dump,
      HeapIndex index,
      AnalysisOptions options,
      ProgressListener progress,
      Purpose purpose,
      long started)
      throws IOException {
    this.dump = dump;
    this.index = index;
    this.options = options;
    this.progress = progress;
    this.purpose = purpose;
    this.mainClass = MainClass.read(index);
    this.packages = new ApplicationPackages(options.libraryPackages(), mainClass);
    this.started = started;
    this.indexed = System.nanoTime();
  }

  /**
   * Reads and analyzes {@code dump}.
   *
   * @throws HprofFormatException with {@link HprofFormatException#dump()} set to {@code dump}
   */
  static AnalysisReport run(
      Path dump, AnalysisOptions options, ProgressListener progress, Purpose purpose)
      throws IOException {
    long started = System.nanoTime();
    try (HeapIndex index = HeapIndex.open(dump, progress, options.lenient())) {
      return new AnalysisPipeline(dump, index, options, progress, purpose, started).run();
    } catch (HprofFormatException e) {
      // every dump is read here, the analyzed one and each baseline: the error says which
      throw e.withDump(dump);
    } catch (IndexLimitException e) {
      throw e.withDump(dump);
    }
  }

  private AnalysisReport run() throws IOException {
    memory("index");
    progress.indexed(dump, index.objectCount(), index.graph().edgeCount());
    // The file offsets (4 bytes per object) stay in a temporary file from here to the end: every
    // phase reads objects from the dump either a few at a time (suspects, paths, names) or in file
    // order (the collection pass), which a reader with a 64 KB cache serves about as fast.
    try (Closeable offsets = index.parkOffsets()) {
      return analyze();
    }
  }

  private AnalysisReport analyze() throws IOException {
    Census census;
    Biggest biggest;
    Found found;
    List<DominatorNode> treeTop;
    // the graph's edges are parked from the end of the dominator computation's depth-first search
    // until the dominator tree and the retained sizes are freed: the suspects follow the references
    // of a few objects only, and the edges would add 4 bytes per object and 4 per reference to
    // what is the peak of the analysis (see design.md)
    try (GraphParking edges = new GraphParking()) {
      Dominance dominance = dominance(edges);
      // from the retained sizes on, the tree's preorder (4 bytes per reachable object) is only
      // scanned, front to back or back to front: it waits in a file, out of their peak and the
      // suspects'
      try (Closeable preorder = dominance.preorder()) {
        census = histogram(dominance);
        biggest = biggestObjects(dominance);
        // the tree's top is chosen on the second core while the suspects are found: it reads only
        // the immediate dominators and the retained sizes, in memory and read-only, and a bit set
        Forked<DominatorTreeSummary.Selection> top = selectTreeTop(dominance);
        found = findSuspects(dominance, census.reachableBytes());
        treeTop = treeTop(dominance, top);
      }
      // free the dominator tree and retained sizes (9 bytes per object) before the path search
      dominance = null;
      HeapIndex.releaseGarbage();
    }
    // where the unreachable objects hang from, with the graph back in memory: two bits per object;
    // a dump compared with another shows only its summary, the same whether analyzed or read
    // from its summary file, which does not keep this
    List<UnreachableStart> unreachableFrom =
        purpose.wholeReport ? UnreachableStarts.find(index, census.reachable(), 5) : List.of();
    // one after the other, not side by side: together they would hold the path search's 8 bytes
    // per object and the inspections' 20 or so per duplicate String at once, above every other
    // phase's peak on a dump with many duplicate strings, to save the shorter of the two (about a
    // second)
    List<Inspection> inspections = inspections(census.reachable());
    GcRootPathFinder paths = paths(census.reachable(), found, biggest);
    List<DominatorEntry> top = describe(biggest, paths);
    List<Suspect> suspects = nameSuspects(found, paths, census.reachableBytes());
    NativeMemorySummary offHeap = nativeMemory(found, paths);
    return report(census, unreachableFrom, top, suspects, treeTop, inspections, offHeap);
  }

  /**
   * The dominator tree and retained sizes, while they are in memory.
   *
   * @param preorder closes the tree's parked preorder (its file) once the suspects are found
   */
  private record Dominance(
      DominatorTree tree, RetainedSizes retained, long[] classRetained, Closeable preorder) {}

  /** The dominator tree and the retained sizes, computed with the object data parked. */
  private Dominance dominance(GraphParking edges) throws IOException {
    int[] roots = index.roots().distinctObjectIds();
    DominatorTree tree;
    try (Closeable parked = index.parkObjectData()) {
      HeapIndex.releaseGarbage();
      tree = DominatorTree.compute(index::graph, roots, progress, edges);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    memory("dominators");
    // the retained sizes read the preorder backwards from its file, 64 KB at a time: in memory it
    // was 4 bytes per object beside their 5 at the most live heap of a big dump's analysis
    Closeable preorder = tree.parkPreorder();
    try {
      RetainedSizes retained = RetainedSizes.compute(tree, index::shallowSize);
      long[] classRetained =
          RetainedSizes.byClass(tree, retained, index.classColumn(), index.classCount());
      dominated = System.nanoTime();
      return new Dominance(tree, retained, classRetained, preorder);
    } catch (RuntimeException | Error e) {
      try {
        preorder.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Parks the graph's edges when the dominator computation is done with them, until closed. */
  private final class GraphParking implements DominatorTree.Hooks, Closeable {
    private Closeable parked = () -> {};

    @Override
    public void graphDone() {
      parked = index.parkGraph();
    }

    /** Brings the edges back into memory; harmless twice. */
    @Override
    public void close() throws IOException {
      parked.close();
    }
  }

  /**
   * The histogram and the totals of the dump summary.
   *
   * @param reachable one bit per object: all the path search and inspections need of the tree
   */
  private record Census(
      List<HistogramRow> histogram,
      long totalShallowBytes,
      long unreachable,
      long unreachableBytes,
      BitSet reachable,
      int reachableCount,
      long reachableBytes) {}

  private Census histogram(Dominance dominance) {
    int n = index.objectCount();
    long[] classShallow = new long[index.classCount()];
    long total = 0;
    long unreachable = 0;
    long unreachableBytes = 0;
    ClassColumn classOf = index.classColumn();
    BitSet reachable = new BitSet(n);
    for (int i = 0; i < n; i++) {
      long s = index.shallowSize(i);
      classShallow[classOf.get(i)] += s;
      total += s;
      if (dominance.tree.isReachable(i)) {
        reachable.set(i);
      } else {
        unreachable++;
        unreachableBytes += s;
      }
    }
    return new Census(
        histogramRows(classShallow, dominance.classRetained),
        total,
        unreachable,
        unreachableBytes,
        reachable,
        dominance.tree.reachableCount(),
        dominance.retained.reachableBytes());
  }

  /** One row per class name (classes of the same name from several loaders are summed). */
  private List<HistogramRow> histogramRows(long[] shallow, long[] retained) {
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

  /** The objects with the largest retained sizes, largest first; their paths come later. */
  private record Biggest(int[] ids, long[] retained) {}

  private Biggest biggestObjects(Dominance dominance) {
    int[] ids = RetainedSizes.biggest(dominance.tree, dominance.retained, options.topDominators());
    long[] retained = new long[ids.length];
    for (int k = 0; k < ids.length; k++) {
      retained[k] = dominance.retained.retained(ids[k]);
    }
    return new Biggest(ids, retained);
  }

  /**
   * What the finders found while the dominator tree was in memory.
   *
   * @param buffers the direct buffers that own native memory
   * @param nativeHolders where they accumulate, to be named by their paths
   * @param examples for each accumulation point that is an object of its own (not a collection's
   *     internals), one of the elements it holds: the field of the point its path leaves by names
   *     the holder
   * @param heldClasses the classes that something other than their loader keeps alive, which the
   *     search for paths must not start at ({@link ClassLoaderLeakFinder#heldOutsideTheirLoaders})
   * @param shared the classes whose objects no one object retains but which together retain a
   *     suspect's share: their holders are read from their samples' paths
   * @param poolThreads the threads of each leaked pools' finding, by its target
   * @param zlib the zlib streams the dump keeps open, whose memory is outside the heap
   * @param samples each accumulation's sample of its elements, by its point
   * @param bounds the bound of the cache each accumulation lies in, by its point, where it has one
   */
  private record Found(
      List<Finding> findings,
      List<ClassLoaderLeakFinder.DuplicateLoader> loaders,
      DirectBuffers buffers,
      List<NativeMemoryFinder.Holder> nativeHolders,
      Map<Integer, Integer> examples,
      BitSet heldClasses,
      List<SharedAccumulations.Candidate> shared,
      Map<Integer, int[]> poolThreads,
      ZlibStreams zlib,
      Map<Integer, long[]> samples,
      Map<Integer, Bound> bounds) {}

  /** Accumulation points, thread-local values and blocked threads, duplicate class loaders. */
  private Found findSuspects(Dominance dominance, long reachableBytes) throws IOException {
    long start = System.nanoTime();
    DominatorTree tree = dominance.tree;
    RetainedSizes retained = dominance.retained;
    List<Finding> findings = new ArrayList<>();
    // one scratch array (a byte per object) for the finders that need one, one after the other
    byte[] scratch = new byte[tree.nodeCount()];
    List<LeakSuspectFinder.Accumulation> accumulations =
        LeakSuspectFinder.find(
            index, tree, retained, purpose.suspectShare, purpose.maxSuspects, packages, scratch);
    DirectBuffers buffers = DirectBuffers.find(index, tree);
    // what each accumulation's holder retains outside the heap, from the object it starts at
    int[] holders =
        accumulations.stream().mapToInt(LeakSuspectFinder.Accumulation::candidate).toArray();
    NativeMemory[] outside = buffers.retainedBy(tree, holders);
    List<NativeMemoryFinder.Holder> nativeHolders =
        NativeMemoryFinder.find(index, tree, retained, buffers, packages, scratch);
    int[] findingOf = new int[holders.length]; // the finding of each accumulation, or -1
    for (int k = 0; k < holders.length; k++) {
      LeakSuspectFinder.Accumulation a = accumulations.get(k);
      findingOf[k] = -1;
      if (insideNativeHolder(tree, nativeHolders, a)) {
        continue; // a pool's bookkeeping beside the memory it keeps: that holder's suspect
      }
      findingOf[k] = findings.size();
      findings.add(
          LeakSuspectFinder.finding(index, tree, retained, a, packages)
              .withNativeMemory(outside[k]));
    }
    NativeMemory direct = buffers.total(true);
    // a holder of direct buffers is a suspect by the same share as one of heap, of heap and buffers
    findings.addAll(
        NativeMemoryFinder.findings(
            nativeHolders,
            (long) Math.ceil((reachableBytes + direct.directBytes()) * purpose.suspectShare),
            direct));
    long floor = (long) Math.ceil(reachableBytes * purpose.suspectShare);
    findings.addAll(
        ThreadSuspectFinder.threadLocals(index, tree, retained, floor, packages, scratch));
    for (Finding waiting :
        ThreadSuspectFinder.blockedThreads(index, tree, retained, floor, packages)) {
      // threads whose stacks hold an accumulation found above (a worker stuck in front of its
      // executor's queue) are that accumulation's, not a second suspect of the same bytes
      int k = heldBy(index, tree, accumulations, waiting.target());
      if (k >= 0 && findingOf[k] >= 0) {
        findings.set(findingOf[k], findings.get(findingOf[k]).heldAlsoBy(waiting, packages));
      } else {
        findings.add(waiting);
      }
    }
    Map<Integer, int[]> poolThreads = new HashMap<>();
    findings.addAll(ThreadPoolFinder.find(index, tree, retained, packages, poolThreads));
    findings = new ArrayList<>(ThreadSuspectFinder.linkedToTheirThreads(findings));
    List<ClassLoaderLeakFinder.DuplicateLoader> loaders =
        ClassLoaderLeakFinder.find(index, tree, retained);
    // what identifies each accumulation's elements, for a later dump to tell whether they stay
    List<ElementSamples.Accumulation> held = new ArrayList<>();
    List<Integer> heldAt = new ArrayList<>();
    for (int k = 0; k < findings.size(); k++) {
      Finding f = findings.get(k);
      if (f.kind().equals(Suspect.KIND_ACCUMULATION)) {
        held.add(new ElementSamples.Accumulation(f.target(), f.accumulatedClass(), f.instances()));
        heldAt.add(k);
      }
    }
    List<ElementSamples.Sample> sampled =
        ElementSamples.sample(index, tree, held, scratch, purpose.samples);
    Map<Integer, long[]> samples = new HashMap<>();
    Map<Integer, Bound> bounds = new HashMap<>();
    long heapLimit = held.isEmpty() ? 0 : CacheBounds.heapLimit(index);
    for (int k = 0; k < held.size(); k++) {
      Bound bound = CacheBounds.find(index, tree, held.get(k).point(), heapLimit);
      if (bound != null) {
        bounds.put(held.get(k).point(), bound);
      }
      ElementSamples.Sample sample = sampled.get(k);
      samples.put(held.get(k).point(), sample.prints());
      Finding f = findings.get(heldAt.get(k));
      String repeats = LeakSuspectFinder.repeats(sample);
      if (repeats != null) {
        f = f.explained(f.explanation() + " " + repeats);
      }
      String sessions =
          TomcatSessions.explain(
              index,
              tree,
              held.get(k).point(),
              f.retained(),
              index.file().header().timestampMillis(),
              heapLimit);
      if (sessions != null) {
        // sessions that time out are removed: what they say takes the place of "never removed"
        String never = LeakSuspectFinder.neverRemoved("{holder}");
        f =
            f.explained(
                f.explanation().contains(never) && !sessions.contains("never expire")
                    ? f.explanation().replace(never, sessions)
                    : f.explanation() + sessions);
      }
      findings.set(heldAt.get(k), f);
    }
    suspectNanos += System.nanoTime() - start;
    memory("suspects");
    Map<Integer, Integer> examples = new HashMap<>();
    for (int k = 0; k < accumulations.size(); k++) {
      LeakSuspectFinder.Accumulation a = accumulations.get(k);
      String pointClass = index.heapClass(index.classOf(a.point())).name();
      if (findingOf[k] >= 0
          && a.example() >= 0
          && a.example() != a.point()
          && !pointClass.endsWith("[]")
          && !LeakSuspectFinder.isCollectionInternal(pointClass)) {
        examples.put(a.point(), a.example());
      }
    }
    return new Found(
        findings,
        loaders,
        buffers,
        nativeHolders,
        examples,
        ClassLoaderLeakFinder.heldOutsideTheirLoaders(index, tree),
        SharedAccumulations.find(index, tree, retained, floor, purpose.maxSuspects),
        poolThreads,
        ZlibStreams.find(index, tree),
        samples,
        bounds);
  }

  /**
   * Whether an accumulation lies inside a place where direct buffers accumulate, which keeps more
   * native memory than the accumulation keeps heap: the bookkeeping arrays of Netty's pool chunks
   * beside the chunks' memory. Named by another field of the same structure in some dumps (its
   * descent ends elsewhere than the buffers'), it was a second suspect of the same leak.
   */
  private static boolean insideNativeHolder(
      DominatorTree tree,
      List<NativeMemoryFinder.Holder> nativeHolders,
      LeakSuspectFinder.Accumulation a) {
    for (NativeMemoryFinder.Holder h : nativeHolders) {
      long offHeap = h.memory().directBytes() + h.memory().mappedBytes();
      if (offHeap > a.retained() && LeakSuspectFinder.dominates(tree, h.point(), a.point())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first accumulation whose point {@code object} dominates from above (the executor a stuck
   * worker's stack holds, above its queue's nodes), or whose point it is when that is an array of
   * references (the queue's own array, which a fork-join worker's frame refers to), or -1. Any
   * other object that is itself the point (a thread's own big buffer) leaves the threads a suspect
   * of their own.
   */
  private static int heldBy(
      HeapIndex index,
      DominatorTree tree,
      List<LeakSuspectFinder.Accumulation> accumulations,
      int object) {
    for (int k = 0; k < accumulations.size(); k++) {
      int point = accumulations.get(k).point();
      if (point != object && LeakSuspectFinder.dominates(tree, object, point)) {
        return k;
      }
      if (point == object
          && index.heapClass(index.classOf(point)).isArray()
          && !index.heapClass(index.classOf(point)).isPrimitiveArray()) {
        return k; // a queue's array that the stuck worker's frame refers to: the queue's leak
      }
    }
    return -1;
  }

  /** The buffers' native memory and its holders, named by their paths. */
  private NativeMemorySummary nativeMemory(Found found, GcRootPathFinder paths) throws IOException {
    List<NativeHolder> holders = new ArrayList<>();
    for (NativeMemoryFinder.Holder h : found.nativeHolders()) {
      List<String> path = paths.describePath(h.point());
      holders.add(
          new NativeHolder(
              LeakSuspectFinder.nearestHolder(path, packages),
              h.accumulatedClass(),
              h.memory(),
              path));
    }
    DirectBuffers b = found.buffers();
    return new NativeMemorySummary(
        b.total(true), b.views(), b.withoutCleaner(), b.total(false), holders);
  }

  /** The top of the dominator tree, for a person to drill into in the HTML report. */
  private @Nullable Forked<DominatorTreeSummary.Selection> selectTreeTop(Dominance dominance) {
    DominatorTree tree = dominance.tree;
    RetainedSizes retained = dominance.retained;
    return purpose.wholeReport
        ? Forked.start("tree-top", () -> DominatorTreeSummary.select(tree, retained))
        : null;
  }

  /** The top of the dominator tree for a person, described from the index; none otherwise. */
  private List<DominatorNode> treeTop(
      Dominance dominance, @Nullable Forked<DominatorTreeSummary.Selection> top)
      throws IOException {
    return top == null
        ? List.of()
        : DominatorTreeSummary.describe(index, top.join(), dominance.retained);
  }

  /** Duplicate strings, empty and sparse collections, boxed numbers: for a person only. */
  private List<Inspection> inspections(BitSet reachable) throws IOException {
    long start = System.nanoTime();
    List<Inspection> inspections =
        purpose.wholeReport ? Inspections.run(index, reachable::get, progress) : List.of();
    inspectionNanos = System.nanoTime() - start;
    memory("inspections");
    return inspections;
  }

  /** Paths from GC roots that do not pass through the classes of leaked class loaders. */
  private GcRootPathFinder paths(BitSet reachable, Found found, Biggest biggest)
      throws IOException {
    progress.update("paths", 0, 1);
    Set<Long> leakedLoaders = new HashSet<>();
    for (ClassLoaderLeakFinder.DuplicateLoader l : found.loaders()) {
      leakedLoaders.add(l.address());
    }
    // every object whose path the report gives: the search can stop once it has them all
    IntStream.Builder targets = IntStream.builder();
    IntStream.of(biggest.ids()).forEach(targets);
    found.findings().forEach(f -> targets.add(f.target()));
    found.loaders().forEach(l -> targets.add(l.loader()));
    found.nativeHolders().forEach(h -> targets.add(h.point()));
    found.examples().values().forEach(targets::add);
    found.shared().forEach(c -> IntStream.of(c.samples()).forEach(targets));
    GcRootPathFinder paths;
    // the search reads only the graph and the classes: its parents and queue (8 bytes per object)
    // take the place of the file offsets, sizes and content hashes meanwhile
    try (Closeable parked = index.parkObjectData()) {
      HeapIndex.releaseGarbage();
      paths =
          GcRootPathFinder.compute(
              index,
              reachable::get,
              c ->
                  !leakedLoaders.contains(index.heapClass(c).loaderAddress())
                      && !found.heldClasses().get(c),
              targets.build().toArray(),
              progress);
    }
    memory("paths");
    return paths;
  }

  /** The biggest objects with their paths from GC roots. */
  private List<DominatorEntry> describe(Biggest biggest, GcRootPathFinder paths)
      throws IOException {
    List<DominatorEntry> top = new ArrayList<>();
    for (int k = 0; k < biggest.ids().length; k++) {
      int id = biggest.ids()[k];
      top.add(
          new DominatorEntry(
              "0x" + Long.toHexString(index.address(id)),
              index.heapClass(index.classOf(id)).name(),
              index.shallowSize(id),
              biggest.retained()[k],
              paths.describePath(id)));
    }
    return top;
  }

  /** The findings as suspects, named by their paths; leaked class loaders by their holders. */
  private List<Suspect> nameSuspects(Found found, GcRootPathFinder paths, long reachableBytes)
      throws IOException {
    long start = System.nanoTime();
    Map<Integer, String> loaderHolders = new HashMap<>();
    Map<Integer, String> threadLocalValues = new HashMap<>();
    for (ClassLoaderLeakFinder.DuplicateLoader l : found.loaders()) {
      List<String> path = paths.describePath(l.loader());
      loaderHolders.put(l.loader(), LeakSuspectFinder.holder(path, packages));
      int value = path.indexOf("java.lang.ThreadLocal$ThreadLocalMap$Entry.value");
      if (value >= 0 && value + 1 < path.size()) {
        // the step after the value is a field of the value's class: "a.Formatter.<class>"
        String next = path.get(value + 1);
        int dot = next.lastIndexOf('.');
        threadLocalValues.put(l.loader(), dot > 0 ? next.substring(0, dot) : next);
      }
    }
    Map<Integer, Integer> examples = new HashMap<>(found.examples());
    // a new list: the finders' findings with the shared accumulations merged in
    List<Finding> findings =
        SharedAccumulations.merge(
            index,
            found.shared(),
            found.findings(),
            paths::pathTo,
            examples,
            found.poolThreads(),
            packages);
    findings.addAll(
        ClassLoaderLeakFinder.findings(index, found.loaders(), loaderHolders, threadLocalValues));
    List<Suspect> suspects =
        SuspectRanking.rank(
            found.zlib().explain(findings, index),
            paths,
            leftBy(examples, paths),
            reachableBytes,
            found.buffers().total(true),
            purpose.maxSuspects,
            index,
            packages,
            found.samples(),
            found.bounds());
    suspectNanos += System.nanoTime() - start;
    return suspects;
  }

  /**
   * For each accumulation point that is an object of its own, the field through which the path to
   * one of its elements leaves it: the field that holds the elements ({@code
   * AbstractApplicationContext.applicationListeners}), not taken down a chain (a node's next node,
   * of the point's own class), which names nothing, nor for a class loader reached through one of
   * its classes.
   */
  private Map<Integer, String> leftBy(Map<Integer, Integer> examples, GcRootPathFinder paths)
      throws IOException {
    Map<Integer, String> out = new HashMap<>();
    for (Map.Entry<Integer, Integer> e : examples.entrySet()) {
      int point = e.getKey();
      int[] ids = paths.pathTo(e.getValue());
      int at = 0;
      while (at < ids.length && ids[at] != point) {
        at++;
      }
      if (at + 1 >= ids.length || index.classOf(ids[at + 1]) == index.classOf(point)) {
        continue;
      }
      List<String> toPoint = paths.describePath(point);
      List<String> toElement = paths.describePath(e.getValue());
      if (!toPoint.isEmpty() && toPoint.get(toPoint.size() - 1).endsWith(".<classloader>")) {
        // a class loader reached through one of its classes keeps its bookkeeping in many fields
        // (locks and packages per class name, its list of classes): one element's field is any
        // of them, and named by it ("java.lang.ClassLoader.nameAndId") the loader matched no
        // older reading and "grew from nothing" under ZGC; named by the class, growth is judged
        // only between dumps that list it
        continue;
      }
      String collection =
          LeakSuspectFinder.fieldHoldingMostElements(index, point, index.classOf(e.getValue()));
      if (collection != null) {
        out.put(point, collection);
      } else if (!toPoint.isEmpty()
          && toElement.size() > toPoint.size()
          && toElement.subList(0, toPoint.size()).equals(toPoint)
          && LeakSuspectFinder.isField(toElement.get(toPoint.size()))) {
        out.put(point, toElement.get(toPoint.size()));
      }
    }
    return out;
  }

  private AnalysisReport report(
      Census census,
      List<UnreachableStart> unreachableFrom,
      List<DominatorEntry> top,
      List<Suspect> suspects,
      List<DominatorNode> treeTop,
      List<Inspection> inspections,
      NativeMemorySummary offHeap) {
    ObjectLayout layout = index.layout();
    DumpSummary summary =
        new DumpSummary(
            dump.toString(),
            index.file().fileLength(),
            index.file().header().format(),
            index.file().header().idSize(),
            index.file().compressed(),
            index.file().header().timestampMillis(),
            index.objectCount(),
            index.classCount(),
            index.roots().count(),
            census.reachableCount(),
            census.unreachable(),
            census.unreachableBytes(),
            index.missingReferences(),
            census.totalShallowBytes(),
            layout.compressedOops(),
            layout.compressedClassPointers(),
            layout.alignment(),
            index
                .file()
                .truncation()
                .map(t -> truncation(t, index.roots().isStandIn()))
                .orElse(null),
            mainClass,
            unreachableFrom);
    long end = System.nanoTime();
    Timings timings =
        new Timings(
            (indexed - started) / 1_000_000,
            (dominated - indexed) / 1_000_000,
            (end - started) / 1_000_000,
            suspectNanos / 1_000_000,
            inspectionNanos / 1_000_000);
    return new AnalysisReport(
        summary,
        census.histogram(),
        top,
        suspects,
        timings,
        List.of(),
        treeTop,
        inspections,
        offHeap);
  }

  static DumpTruncation truncation(Truncation t) {
    return truncation(t, false);
  }

  static DumpTruncation truncation(Truncation t, boolean rootsStandIn) {
    return new DumpTruncation(
        t.dumpEnd(),
        t.usableEnd(),
        t.cutRecord(),
        t.cutRecordOffset(),
        t.missingBytes(),
        t.lastCompleteRecordOffset(),
        rootsStandIn);
  }

  private void memory(String phase) {
    if (!DEBUG_MEMORY) {
      return;
    }
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    long objects = index.objectCount();
    System.err.printf(
        "leakscope memory: %-12s live heap %,d bytes (%.1f bytes/object)%n",
        phase, used, objects == 0 ? 0.0 : used / (double) objects);
  }
}
