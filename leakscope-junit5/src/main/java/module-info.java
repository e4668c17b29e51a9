/**
 * JUnit 5 leak checks: {@link io.leakscope.junit5.CheckLeaks} fails a test that leaves threads
 * running. Only the annotation and its extension are API; {@code io.leakscope.junit5.internal} is
 * not exported.
 */
module io.leakscope.junit5 {
  requires org.junit.jupiter.api;

  // JUnit instantiates LeakCheckExtension reflectively; a public class with a public constructor in
  // an exported package needs no opens.
  exports io.leakscope.junit5;
}
