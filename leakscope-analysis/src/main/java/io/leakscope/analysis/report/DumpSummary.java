package io.leakscope.analysis.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Facts about a dump and the heap it holds.
 *
 * @param path the dump file as given
 * @param bytes size of the file on disk
 * @param format {@code "JAVA PROFILE 1.0.2"} etc.
 * @param idSize identifier size in bytes (4 or 8)
 * @param gzip whether the file was gzip-compressed
 * @param timestampMillis dump time from the header (ms since the epoch)
 * @param objects heap objects in the dump, class objects included
 * @param classes classes in the dump
 * @param gcRoots GC root records
 * @param reachableObjects objects reachable from GC roots (ignoring weak/soft/phantom/final
 *     referents)
 * @param unreachableObjects objects in the dump but not reachable that way
 * @param unreachableBytes shallow bytes of the unreachable objects
 * @param missingReferences references to objects that are not in the dump (tolerated, dropped)
 * @param totalShallowBytes sum of the shallow sizes of all objects
 * @param compressedOops inferred: references take 4 bytes in objects
 * @param compressedClassPointers inferred: class pointers take 4 bytes in headers
 * @param objectAlignment inferred object alignment in bytes
 * @param truncated what is missing from a truncated dump analyzed leniently; null for a complete
 *     dump
 * @param mainClass the class the dumped JVM was started with, from its {@code sun.java.command}
 *     system property; null when the dump does not say, or names a jar or a launcher of the JDK or
 *     of a known library. Its package tells the application's classes from libraries it does not
 *     know (see {@code docs/analyze.md})
 * @param unreachableFrom where most of the unreachable objects hang from, biggest first (at most
 *     five); empty when every object is reachable or the summary does not say
 */
public record DumpSummary(
    String path,
    long bytes,
    String format,
    int idSize,
    boolean gzip,
    long timestampMillis,
    long objects,
    long classes,
    long gcRoots,
    long reachableObjects,
    long unreachableObjects,
    long unreachableBytes,
    long missingReferences,
    long totalShallowBytes,
    boolean compressedOops,
    boolean compressedClassPointers,
    int objectAlignment,
    @Nullable DumpTruncation truncated,
    @Nullable String mainClass,
    List<UnreachableStart> unreachableFrom) {

  public DumpSummary {
    unreachableFrom = List.copyOf(unreachableFrom);
  }

  /** A summary that does not say where the unreachable objects hang from. */
  public DumpSummary(
      String path,
      long bytes,
      String format,
      int idSize,
      boolean gzip,
      long timestampMillis,
      long objects,
      long classes,
      long gcRoots,
      long reachableObjects,
      long unreachableObjects,
      long unreachableBytes,
      long missingReferences,
      long totalShallowBytes,
      boolean compressedOops,
      boolean compressedClassPointers,
      int objectAlignment,
      @Nullable DumpTruncation truncated,
      @Nullable String mainClass) {
    this(
        path,
        bytes,
        format,
        idSize,
        gzip,
        timestampMillis,
        objects,
        classes,
        gcRoots,
        reachableObjects,
        unreachableObjects,
        unreachableBytes,
        missingReferences,
        totalShallowBytes,
        compressedOops,
        compressedClassPointers,
        objectAlignment,
        truncated,
        mainClass,
        List.of());
  }

  /** A summary of a complete dump. */
  public DumpSummary(
      String path,
      long bytes,
      String format,
      int idSize,
      boolean gzip,
      long timestampMillis,
      long objects,
      long classes,
      long gcRoots,
      long reachableObjects,
      long unreachableObjects,
      long unreachableBytes,
      long missingReferences,
      long totalShallowBytes,
      boolean compressedOops,
      boolean compressedClassPointers,
      int objectAlignment) {
    this(
        path,
        bytes,
        format,
        idSize,
        gzip,
        timestampMillis,
        objects,
        classes,
        gcRoots,
        reachableObjects,
        unreachableObjects,
        unreachableBytes,
        missingReferences,
        totalShallowBytes,
        compressedOops,
        compressedClassPointers,
        objectAlignment,
        null,
        null);
  }

  /** A summary without a main class. */
  public DumpSummary(
      String path,
      long bytes,
      String format,
      int idSize,
      boolean gzip,
      long timestampMillis,
      long objects,
      long classes,
      long gcRoots,
      long reachableObjects,
      long unreachableObjects,
      long unreachableBytes,
      long missingReferences,
      long totalShallowBytes,
      boolean compressedOops,
      boolean compressedClassPointers,
      int objectAlignment,
      @Nullable DumpTruncation truncated) {
    this(
        path,
        bytes,
        format,
        idSize,
        gzip,
        timestampMillis,
        objects,
        classes,
        gcRoots,
        reachableObjects,
        unreachableObjects,
        unreachableBytes,
        missingReferences,
        totalShallowBytes,
        compressedOops,
        compressedClassPointers,
        objectAlignment,
        truncated,
        null);
  }
}
