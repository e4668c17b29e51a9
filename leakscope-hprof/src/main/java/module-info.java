/** The HPROF format: streaming reader, writer, and the one exception for bad dump bytes. */
module io.leakscope.hprof {
  requires static org.jspecify;

  exports io.leakscope.hprof;
}
