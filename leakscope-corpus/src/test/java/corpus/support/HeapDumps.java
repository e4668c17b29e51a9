package corpus.support;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How every corpus program dumps its own heap: through the {@link HotSpotDiagnosticMXBean}, live
 * objects only (which runs a full GC first), to {@code dump-N.hprof} in the directory the program
 * was given as its first argument.
 */
public final class HeapDumps {
  private final Path dir;

  private HeapDumps(Path dir) {
    this.dir = dir;
  }

  /** The dump directory named by {@code args[0]}, created if missing. */
  public static HeapDumps from(String[] args) {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: <program> DUMP_DIRECTORY");
    }
    Path dir = Path.of(args[0]);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HeapDumps(dir);
  }

  /**
   * Dumps the live heap to {@code dump-<n>.hprof} and says so on stdout; every object, unreachable
   * ones included and without the full collection first, when {@code -Dcorpus.dumpAll=true}.
   */
  public Path take(int n) {
    Path file = dir.resolve("dump-" + n + ".hprof");
    try {
      Files.deleteIfExists(file);
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpHeap(file.toString(), !Boolean.getBoolean("corpus.dumpAll"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot dump the heap to " + file, e);
    }
    System.out.println("DUMPED " + file);
    return file;
  }

  /** Sleeps, for programs that leave time between dumps as a service at rest would. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
