/** The index over one heap dump: dense object ids, classes, GC roots, the reference graph. */
module io.leakscope.heap {
  requires static org.jspecify;
  requires transitive io.leakscope.hprof;

  exports io.leakscope.heap;
  // temporary files for the analysis' own per-object arrays (ParkedArrays); not API
  exports io.leakscope.heap.internal to
      io.leakscope.analysis;
}
