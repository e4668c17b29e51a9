package io.leakscope.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netbeans.lib.profiler.heap.Heap;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.Instance;
import org.netbeans.lib.profiler.heap.JavaClass;

/**
 * Runs VisualVM's heap engine (the NetBeans profiler library, {@code
 * org.netbeans.lib.profiler.heap}) over a dump the way VisualVM's heap view does: open the dump, a
 * class histogram (instance count and total shallow size of every class), then the 20 biggest
 * objects by retained size, which makes the library compute the dominator tree and the retained
 * size of every object.
 *
 * <p>The library keeps its index in a cache directory next to the dump ({@code DUMP.nbcache}); it
 * is deleted before and after the run so every run starts cold.
 *
 * <p>Usage: {@code NetBeansRunner DUMP.hprof}; prints one {@link RunResult} line with {@code
 * tool=netbeans}.
 */
public final class NetBeansRunner {

  /** How many biggest objects to ask for, as VisualVM's summary view does. */
  static final int BIGGEST = 20;

  private NetBeansRunner() {}

  /**
   * Entry point of the child JVM.
   *
   * @param args the dump path
   */
  public static void main(String[] args) {
    MeasuredRun.main("netbeans", args, NetBeansRunner::analyze);
  }

  @SuppressWarnings("unchecked") // the library's API predates generics
  private static String analyze(File dump, Map<String, Object> extra) throws IOException {
    deleteCaches(dump);
    try {
      long start = System.nanoTime();
      Heap heap = HeapFactory.createHeap(dump);
      long objects = 0;
      long shallowBytes = 0;
      List<JavaClass> classes = heap.getAllClasses();
      for (JavaClass javaClass : classes) {
        objects += javaClass.getInstancesCount();
        shallowBytes += javaClass.getAllInstancesSize();
      }
      long histogramMillis = (System.nanoTime() - start) / 1_000_000;
      start = System.nanoTime();
      List<Instance> biggest = heap.getBiggestObjectsByRetainedSize(BIGGEST);
      long retainedMillis = (System.nanoTime() - start) / 1_000_000;
      for (Instance instance : biggest.subList(0, Math.min(5, biggest.size()))) {
        System.out.printf(
            "  netbeans biggest: %s#%d retained=%d%n",
            instance.getJavaClass().getName(),
            instance.getInstanceId(),
            instance.getRetainedSize());
      }
      extra.put("objects", objects);
      extra.put("classes", classes.size());
      extra.put("shallowBytes", shallowBytes);
      extra.put("histogramMillis", histogramMillis);
      extra.put("retainedMillis", retainedMillis);
      extra.put("topRetainedBytes", biggest.isEmpty() ? 0 : biggest.get(0).getRetainedSize());
      return "ok";
    } finally {
      deleteCaches(dump);
    }
  }

  /** Removes the index cache directories that this and older versions of the library write. */
  static void deleteCaches(File dump) {
    for (String suffix : new String[] {".nbcache", ".hwcache"}) {
      Path dir = dump.toPath().resolveSibling(dump.getName() + suffix);
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete NetBeans cache " + dir, e);
      }
    }
  }
}
