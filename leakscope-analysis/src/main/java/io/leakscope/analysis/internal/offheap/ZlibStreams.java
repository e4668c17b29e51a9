package io.leakscope.analysis.internal.offheap;

import io.leakscope.analysis.internal.dominators.DominatorTree;
import io.leakscope.analysis.internal.suspects.Finding;
import io.leakscope.analysis.report.Suspect;
import io.leakscope.heap.ClassColumn;
import io.leakscope.heap.HeapIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The zlib streams of a dump that are still open: {@code java.util.zip.Deflater} and {@code
 * Inflater} objects (and so the {@code GZIPOutputStream}s, {@code ZipInputStream}s and others built
 * on them) whose native zlib state has not been freed by {@code end()} or {@code close()}.
 *
 * <p>Design note. zlib allocates its state with {@code malloc}, outside the heap and outside what
 * the JVM's Native Memory Tracking counts; the heap shows a {@code Deflater} of a few dozen bytes.
 * What the dump does show is whether the state is still there: the {@code address} of the stream's
 * {@code zsRef} ({@code Deflater$DeflaterZStreamRef} on JDK 11 and later, {@code ZStreamRef}
 * before), which {@code end()} sets to 0. With zlib's defaults (a 32 KB window, memory level 8) a
 * deflater holds 262 KB, resident as data goes through it: measured on JDK 17 and 25, 115 KB of
 * resident memory per deflater after one 4 KB write and 262 KB after 1 MB; an inflater about 7.5 KB
 * in both cases (its 32 KB window comes on demand). A service that keeps thousands of streams open
 * (one per connection, never closed) grows its resident memory by hundreds of MB while its heap
 * stays small, until its container's limit kills it.
 *
 * <p>A suspect's share of them: the open streams whose chain of immediate dominators passes its
 * accumulation point (a map's table of streams, one per connection), counted for every object on
 * those chains while the dominator tree is in memory.
 *
 * <p>Cost: one scan of every object's class when the dump has deflaters or inflaters at all (none
 * when it has no instance), and two field reads per such object; then a map entry (about 60 bytes)
 * per object on the open streams' dominator chains, at most {@link #MOST_ATTRIBUTED} streams' worth
 * (beyond, a suspect of streams is told the dump's count instead). Nothing is kept per heap object.
 * Only reachable streams count: an unreachable one's state is freed by its cleaner.
 */
public final class ZlibStreams {
  /** zlib's allocation for a deflater with its defaults: window, hash chains, head, pending. */
  static final long DEFLATER_MOST = 262L * 1024;

  /** A deflater's resident memory after one small write (measured on JDK 17 and 25). */
  static final long DEFLATER_LEAST = 115L * 1024;

  /** An inflater's state, without the window it allocates once it needs one. */
  static final long INFLATER_LEAST = 8L * 1024;

  /** An inflater's state with its 32 KB window. */
  static final long INFLATER_MOST = 40L * 1024;

  /** Open streams beyond which they are not counted per suspect. */
  static final int MOST_ATTRIBUTED = 200_000;

  /** None open. */
  public static final ZlibStreams NONE = new ZlibStreams(0, 0, null);

  private final long deflaters;
  private final long inflaters;

  /** For each object that dominates an open stream: {deflaters, inflaters} below it; or null. */
  private final @Nullable Map<Integer, long[]> below;

  private ZlibStreams(long deflaters, long inflaters, @Nullable Map<Integer, long[]> below) {
    this.deflaters = deflaters;
    this.inflaters = inflaters;
    this.below = below;
  }

  /** Open deflaters. */
  public long deflaters() {
    return deflaters;
  }

  /** Open inflaters. */
  public long inflaters() {
    return inflaters;
  }

  /**
   * Counts the reachable deflaters and inflaters of {@code index} whose zlib state is not freed.
   */
  public static ZlibStreams find(HeapIndex index, DominatorTree tree) throws IOException {
    boolean[] deflater = index.subclassesOf("java.util.zip.Deflater");
    boolean[] inflater = index.subclassesOf("java.util.zip.Inflater");
    if (!index.hasInstances(deflater) && !index.hasInstances(inflater)) {
      return NONE;
    }
    ClassColumn classOf = index.classColumn();
    long d = 0;
    long i = 0;
    Map<Integer, long[]> below = new HashMap<>();
    for (int id = 0; id < index.objectCount(); id++) {
      int c = classOf.get(id);
      if ((deflater[c] || inflater[c]) && tree.isReachable(id) && open(index, id)) {
        if (deflater[c]) {
          d++;
        } else {
          i++;
        }
        if (below != null && d + i > MOST_ATTRIBUTED) {
          below = null; // too many to keep their chains: the dump's count will do
        }
        for (int x = id; below != null && x >= 0; x = tree.immediateDominator(x)) {
          below.computeIfAbsent(x, k -> new long[2])[deflater[c] ? 0 : 1]++;
        }
      }
    }
    return new ZlibStreams(d, i, below);
  }

  /** Whether a deflater's or inflater's zlib state is still allocated. */
  private static boolean open(HeapIndex index, int id) throws IOException {
    Long ref = index.findReferenceField(id, "zsRef");
    int zsRef = ref == null || ref == 0 ? -1 : index.referencedObjectAt(id, ref);
    if (zsRef < 0) {
      return false;
    }
    Long address = index.findPrimitiveField(zsRef, "address");
    return address != null && address != 0;
  }

  /**
   * The findings whose objects are zlib streams or built on them (a {@code GZIPOutputStream} per
   * connection) with a sentence on the native memory the dump's open streams keep: the heap's
   * figures do not show it.
   */
  public List<Finding> explain(List<Finding> findings, HeapIndex index) {
    if (deflaters == 0 && inflaters == 0) {
      return findings;
    }
    List<Finding> out = new ArrayList<>(findings);
    for (int k = 0; k < out.size(); k++) {
      Finding f = out.get(k);
      if (!f.kind().equals(Suspect.KIND_ACCUMULATION)) {
        continue;
      }
      String kind = kindOf(f.accumulatedClass(), index);
      if (kind == null) {
        continue;
      }
      boolean deflating = kind.equals("deflater");
      long count =
          below != null
              ? below.getOrDefault(f.target(), new long[2])[deflating ? 0 : 1]
              : deflating ? deflaters : inflaters;
      if (count > 0) {
        out.set(k, f.explained(f.explanation() + sentence(deflating, count, below != null)));
      }
    }
    return out;
  }

  private static String sentence(boolean deflating, long count, boolean here) {
    long least = count * (deflating ? DEFLATER_LEAST : INFLATER_LEAST);
    long most = count * (deflating ? DEFLATER_MOST : INFLATER_MOST);
    String streams =
        String.format(
            Locale.ROOT, "%,d %s not ended", count, deflating ? "deflaters" : "inflaters");
    return String.format(
        Locale.ROOT,
        " Their zlib streams keep memory outside the heap, which no heap figure shows: %s,"
            + " between about %,d and %,d MB of native memory (%s each, by how much data went"
            + " through it). It is freed only when a stream is closed (close() ends its %s) or"
            + " end() is called: close each when its work is done.",
        here ? streams + " under this holder" : "the dump has " + streams,
        least >> 20,
        Math.max(1, most >> 20),
        deflating ? "115 to 262 KB" : "8 to 40 KB",
        deflating ? "Deflater" : "Inflater");
  }

  /**
   * "deflater" or "inflater" for a class that is a zlib stream or built on one ({@code
   * java.util.zip}'s deflaters, inflaters, their references to zlib's state and the streams over
   * them, and subclasses of those), or null.
   */
  static @Nullable String kindOf(String className, HeapIndex index) {
    int c = classIndex(className, index);
    for (int k = c; k >= 0; k = index.heapClass(k).superIndex()) {
      String name = index.heapClass(k).name();
      if (!name.startsWith("java.util.zip.")) {
        continue;
      }
      String simple = name.substring("java.util.zip.".length());
      if (simple.startsWith("Deflater")
          || simple.equals("GZIPOutputStream")
          || simple.equals("ZipOutputStream")) {
        return "deflater";
      }
      if (simple.startsWith("Inflater")
          || simple.equals("GZIPInputStream")
          || simple.equals("ZipInputStream")) {
        return "inflater";
      }
    }
    return null;
  }

  private static int classIndex(String className, HeapIndex index) {
    for (int c = 0; c < index.classCount(); c++) {
      if (index.heapClass(c).name().equals(className)) {
        return c;
      }
    }
    return -1;
  }
}
