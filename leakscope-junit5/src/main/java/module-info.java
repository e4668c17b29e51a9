/**
 * JUnit 5 leak checks: {@link io.leakscope.junit5.CheckLeaks} fails a test that leaves threads
 * running or tracked resources open. Only {@code io.leakscope.junit5} is API; {@code
 * io.leakscope.junit5.internal} is not exported.
 */
module io.leakscope.junit5 {
  requires org.junit.jupiter.api;
  // LeakAssertions.assertNoHeapGrowth reads class histograms through the platform MBean server.
  requires java.management;

  // JUnit instantiates LeakCheckExtension reflectively; a public class with a public constructor in
  // an exported package needs no opens.
  exports io.leakscope.junit5;

  // For junit.jupiter.extensions.autodetection.enabled=true on the module path; the class path
  // uses META-INF/services.
  provides org.junit.jupiter.api.extension.Extension with
      io.leakscope.junit5.LeakCheckExtension;
}
