/** Dominators, retained sizes, paths from GC roots, and the report model with its renderers. */
module io.leakscope.analysis {
  requires static org.jspecify;
  requires transitive io.leakscope.heap;

  exports io.leakscope.analysis;
  exports io.leakscope.analysis.report;
}
