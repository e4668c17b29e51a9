package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.heap.internal.IntArrays;
import io.leakscope.heap.internal.IntFileReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceGraphTest {
  /**
   * A scan of the graph sees every object's references, in id order, whether the edges are in
   * memory or parked in a file and read back in pieces: checked against the graph's own accessors
   * on a graph whose lists cross the pieces' boundaries, with empty lists, one list of exactly a
   * piece and one longer than a piece (262,144 targets).
   */
  @Test
  void scanSeesEveryListInOrderInMemoryAndParked() throws IOException {
    SplittableRandom r = new SplittableRandom(17);
    int n = 600_000;
    int piece = 1 << 18;
    int[] degree = new int[n];
    for (int v = 0; v < n; v++) {
      degree[v] = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 4);
    }
    degree[10] = piece; // exactly a piece
    degree[300_000] = piece + 12_345; // longer than a piece
    degree[n - 1] = 5;
    int[] starts = new int[n + 1];
    for (int v = 0; v < n; v++) {
      starts[v + 1] = starts[v] + degree[v];
    }
    int[] targets = new int[starts[n]];
    for (int e = 0; e < targets.length; e++) {
      targets[e] = r.nextInt(n);
    }
    ReferenceGraph inMemory = new ReferenceGraph(n, starts, targets, (int[]) null, null);
    // expected: each object's list through the accessors, lengths and targets one after the other
    int[] lengths = new int[n];
    int[] flat = new int[(int) inMemory.edgeCount()];
    for (int v = 0, k = 0; v < n; v++) {
      lengths[v] = (int) (inMemory.endEdge(v) - inMemory.firstEdge(v));
      for (long e = inMemory.firstEdge(v); e < inMemory.endEdge(v); e++) {
        flat[k++] = inMemory.target(e);
      }
    }
    assertScan(inMemory, lengths, flat);
    // in chunks, as a graph of more than 2^31 references is held: lists that cross a chunk's end,
    // and lists longer than a chunk
    assertScan(inMemory.chunked(17), lengths, flat);
    assertScan(inMemory.chunked(1), lengths, flat);
    try (FileChannel ch = IntArrays.temporaryFile()) {
      IntArrays.write(ch, new int[] {-1, -2}); // something before: positions are respected
      int[] distances = inMemory.edgeArrays()[0]; // what parking writes of the starts
      IntArrays.write(ch, distances);
      IntArrays.write(ch, targets);
      ReferenceGraph parked =
          new ReferenceGraph.Parked(
              inMemory,
              new IntFileReader(ch, 8, distances.length),
              new IntFileReader(ch, 8 + 4L * distances.length, targets.length));
      assertScan(parked, lengths, flat);
    }
  }

  private static void assertScan(ReferenceGraph g, int[] lengths, int[] flat) {
    int[] seenLengths = new int[lengths.length];
    int[] seen = new int[flat.length];
    int[] next = {0, 0}; // the next object, the next target
    g.forEachEdgeList(
        (v, targets, from, to) -> {
          assertThat(v).isEqualTo(next[0]++);
          seenLengths[v] = to - from;
          System.arraycopy(targets, from, seen, next[1], to - from);
          next[1] += to - from;
        });
    assertThat(next[0]).isEqualTo(lengths.length);
    assertThat(seenLengths).isEqualTo(lengths);
    assertThat(seen).isEqualTo(flat);
  }
}
