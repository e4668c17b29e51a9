package io.leakscope.cli;

import io.leakscope.hprof.HprofFile;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks, before an analysis, the directory where it parks arrays that a phase does not need (the
 * JVM's temporary directory): whether it has room, and whether it is on disk at all.
 *
 * <p>The analysis parks up to about 32 bytes per object at once (27 to 32 measured on the big
 * benchmark dumps, docs/benchmarks.md); the object count is not known before the dump is read, so
 * the estimate is the dump's size itself, about 1.5 times the most the benchmark dumps needed (50
 * bytes per object in the file). A dump made mostly of references (big object arrays) parks about 8
 * bytes per 8-byte reference at once (the graph's targets and the predecessor lists), about its own
 * size: 17.7 GB for an 18.3 GB dump of 2.18 billion references; while the predecessor lists are
 * filled, 8 more per reference when there is room for them (their buckets, {@code ScatterBuckets};
 * without the room the lists are filled directly, more slowly, so this estimate stays the one that
 * matters). A gzip dump's size is multiplied by {@value #GZIP_RATIO}, a common ratio for heap
 * dumps. Too little room is not an error: what cannot be written stays in memory, so the advice is
 * about memory, given before hours of work rather than after an {@code OutOfMemoryError}. A gzip
 * dump is also unpacked there while its first pass reads it, when there is room for it and the
 * parked arrays together (about twice its inflated size); with room for the arrays only, the advice
 * says that every read will inflate again. Dumps under {@value #SMALL_DUMP_MB} MB park too little
 * to matter and are not checked.
 */
final class TemporarySpace {
  static final int GZIP_RATIO = 5;
  static final long SMALL_DUMP_MB = 256;

  private TemporarySpace() {}

  /**
   * The advice for the JVM's temporary directory, if any, before analyzing {@code dumps} one after
   * the other (the biggest counts).
   */
  static Optional<String> check(List<Path> dumps) {
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"));
      FileStore store = Files.getFileStore(dir);
      Optional<String> worst = Optional.empty();
      long most = -1;
      for (Path dump : dumps) {
        boolean gzip = HprofFile.isGzip(dump);
        long size = Files.size(dump) * (gzip ? GZIP_RATIO : 1);
        if (size > most) {
          most = size;
          worst = advice(dir, size, store.getUsableSpace(), store.type(), gzip);
        }
      }
      return worst;
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the analysis reports an unreadable dump itself
    }
  }

  /**
   * The advice for a temporary directory {@code dir} with {@code usable} bytes free on a file
   * system of type {@code storeType}, before analyzing a dump of about {@code needed} bytes
   * (uncompressed).
   */
  static Optional<String> advice(Path dir, long needed, long usable, String storeType) {
    return advice(dir, needed, usable, storeType, false);
  }

  /**
   * As {@link #advice(Path, long, long, String)}, for a gzip dump when {@code gzip}: one whose
   * unpacked copy needs room there too.
   */
  static Optional<String> advice(
      Path dir, long needed, long usable, String storeType, boolean gzip) {
    if (needed < SMALL_DUMP_MB << 20) {
      return Optional.empty();
    }
    String how =
        ": LEAKSCOPE_JAVA_OPTS=-Djava.io.tmpdir=DIR ./leakscope ..., or java"
            + " -Djava.io.tmpdir=DIR -jar leakscope.jar ...";
    if ("tmpfs".equals(storeType) || "ramfs".equals(storeType)) {
      return Optional.of(
          "leakscope: note: the temporary directory "
              + dir
              + " is in memory ("
              + storeType
              + "): the arrays the analysis parks there, up to about "
              + bytes(needed)
              + " for this dump, take memory after all; use a directory on disk"
              + how);
    }
    if (usable < needed) {
      return Optional.of(
          "leakscope: warning: the temporary directory "
              + dir
              + " has "
              + bytes(usable)
              + " free, and the analysis parks up to about "
              + bytes(needed)
              + " of arrays there for this dump; what does not fit stays in memory, which needs"
              + " more heap; use a directory with room"
              + how);
    }
    if (gzip && usable < 2 * needed) {
      return Optional.of(
          "leakscope: note: the temporary directory "
              + dir
              + " has "
              + bytes(usable)
              + " free: room for the arrays the analysis parks there, but not also for the"
              + " unpacked dump (about "
              + bytes(needed)
              + " more), so the gzip dump is inflated again for every read, which is slower"
              + " (much slower for a .gz of a single member, as gzip writes it: unpack it first);"
              + " use a directory with room"
              + how);
    }
    return Optional.empty();
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
  }
}
