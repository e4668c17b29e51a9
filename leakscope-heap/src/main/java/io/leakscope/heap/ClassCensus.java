package io.leakscope.heap;

import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.Truncation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The class histogram of a dump, made in one pass that keeps nothing per object: for any object
 * count (an index holds at most {@value HeapIndexBuilder#MAX_OBJECTS}) and in memory that does not
 * grow with the dump. Instances and shallow bytes of every object, reachable or not, as the index's
 * histogram counts them; no retained sizes, which need the object graph.
 *
 * <p>The shallow sizes come from the same class table and layout inference as the index's, the
 * layout from runs of objects spread over the dump instead of all of them ({@link CensusCounts}). A
 * gzip dump is inflated once, as it is read, never written to disk.
 */
public final class ClassCensus {
  /**
   * One class name: classes of that name from several loaders are summed, as the analysis's
   * histogram does.
   *
   * @param className Java-source name: {@code byte[]}, {@code java.util.HashMap$Node}
   * @param instances objects of the class, class objects of {@code java.lang.Class}
   * @param shallowBytes their shallow sizes as the JVM lays them out
   */
  public record Row(String className, long instances, long shallowBytes) {}

  private final List<Row> rows;
  private final long objects;
  private final int classes;
  private final long totalShallowBytes;
  private final ObjectLayout layout;
  private final long millis;
  private final long fileBytes;
  private final boolean gzip;
  private final String format;
  private final int idSize;
  private final long timestampMillis;
  private final @Nullable Truncation truncation;

  ClassCensus(
      HprofFile file,
      HeapClass[] classes,
      long[] instances,
      long[] bytes,
      long objects,
      ObjectLayout layout,
      long millis) {
    Map<String, long[]> byName = new LinkedHashMap<>();
    long total = 0;
    for (HeapClass c : classes) {
      if (instances[c.index] == 0) {
        continue;
      }
      long[] r = byName.computeIfAbsent(c.name(), k -> new long[2]);
      r[0] += instances[c.index];
      r[1] += bytes[c.index];
      total += bytes[c.index];
    }
    List<Row> out = new ArrayList<>(byName.size());
    byName.forEach((name, r) -> out.add(new Row(name, r[0], r[1])));
    out.sort(Comparator.comparingLong(Row::shallowBytes).reversed().thenComparing(Row::className));
    this.rows = List.copyOf(out);
    this.objects = objects;
    this.classes = classes.length;
    this.totalShallowBytes = total;
    this.layout = layout;
    this.millis = millis;
    this.fileBytes = file.fileLength();
    this.gzip = file.compressed();
    this.format = file.header().format();
    this.idSize = file.header().idSize();
    this.timestampMillis = file.header().timestampMillis();
    this.truncation = file.truncation().orElse(null);
  }

  /**
   * Reads {@code dump} (plain or gzip HPROF) once and counts its objects by class.
   *
   * @throws io.leakscope.hprof.HprofFormatException if the dump is malformed or truncated
   * @throws java.util.concurrent.CancellationException if {@code progress} cancels
   */
  public static ClassCensus read(Path dump, ProgressListener progress) throws IOException {
    return read(dump, progress, false);
  }

  /**
   * As {@link #read(Path, ProgressListener)}; with {@code lenient}, a truncated dump is counted up
   * to its last complete record ({@link HprofFile#open(Path, boolean)}: one more pass first, to
   * find it), and {@link #truncation()} says where it was cut.
   */
  public static ClassCensus read(Path dump, ProgressListener progress, boolean lenient)
      throws IOException {
    try (HprofFile file = HprofFile.openForOnePass(dump, lenient, progress)) {
      return new HeapIndexBuilder(file, progress).census();
    }
  }

  /** Where the dump was cut, if it was read leniently and is truncated. */
  public Optional<Truncation> truncation() {
    return Optional.ofNullable(truncation);
  }

  /** One row per class name with instances, biggest shallow bytes first, then by name. */
  public List<Row> rows() {
    return rows;
  }

  /** Objects in the dump, class objects included. */
  public long objects() {
    return objects;
  }

  /** Classes in the class table (loaded, referenced, and one per primitive array type). */
  public int classes() {
    return classes;
  }

  public long totalShallowBytes() {
    return totalShallowBytes;
  }

  /** The object layout inferred from the dump. */
  public ObjectLayout layout() {
    return layout;
  }

  /** How long the census took. */
  public long millis() {
    return millis;
  }

  /** Size of the file on disk. */
  public long fileBytes() {
    return fileBytes;
  }

  public boolean gzip() {
    return gzip;
  }

  /** The HPROF format string of the header ({@code JAVA PROFILE 1.0.2}). */
  public String format() {
    return format;
  }

  public int idSize() {
    return idSize;
  }

  public long timestampMillis() {
    return timestampMillis;
  }
}
