package io.leakscope.analysis.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The class histogram of a dump made in one pass that keeps nothing per object ({@code leakscope
 * histogram DUMP}): instances and shallow bytes of every object, reachable or not, for a dump of
 * any size and object count. No retained sizes: they need the object graph.
 *
 * @param dump the dump and what was counted
 * @param histogram one row per class name with instances, biggest shallow bytes first, then by name
 * @param millis how long the census took
 */
public record HistogramReport(Dump dump, List<Row> histogram, long millis) {

  public HistogramReport {
    histogram = List.copyOf(histogram);
  }

  /**
   * The dump.
   *
   * @param path as given
   * @param bytes size of the file on disk
   * @param format the HPROF header's format string
   * @param idSize bytes per object id
   * @param gzip whether the file is gzip-compressed
   * @param timestampMillis when the dump was taken (the header's time), 0 if unknown
   * @param objects objects in the dump, class objects included
   * @param classes classes in the class table
   * @param totalShallowBytes the shallow bytes of every object
   * @param compressedOops inferred: 4-byte references
   * @param compressedClassPointers inferred: 12-byte object headers
   * @param objectAlignment inferred: object alignment in bytes
   * @param truncated what is missing from a truncated dump counted with {@code --lenient}; null for
   *     a complete dump
   */
  public record Dump(
      String path,
      long bytes,
      String format,
      int idSize,
      boolean gzip,
      long timestampMillis,
      long objects,
      long classes,
      long totalShallowBytes,
      boolean compressedOops,
      boolean compressedClassPointers,
      int objectAlignment,
      @Nullable DumpTruncation truncated) {}

  /**
   * One class name (classes of that name from several loaders summed).
   *
   * @param className Java-source name: {@code byte[]}, {@code java.util.HashMap$Node}
   * @param instances number of instances in the dump
   * @param shallowBytes sum of the instances' shallow sizes as the JVM lays them out
   */
  public record Row(String className, long instances, long shallowBytes) {}
}
