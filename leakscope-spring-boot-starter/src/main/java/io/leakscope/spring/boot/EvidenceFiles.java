package io.leakscope.spring.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The evidence in a watchdog's directory: its regular files (the event log, histograms, thread
 * dumps, heap dumps), without the ones still being written ({@code .partial}). Names only ever come
 * from listing the directory: a file is found by comparing a requested name with the listed ones,
 * never by resolving the request as a path, so no request reaches outside the directory.
 */
final class EvidenceFiles {

  /** One file of evidence. */
  record Entry(String name, long bytes, Instant modified) {}

  private EvidenceFiles() {}

  /** The evidence files, newest first; empty when the directory cannot be read. */
  static List<Entry> list(Path directory) {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.contains(".partial")) {
          continue;
        }
        try {
          BasicFileAttributes attributes =
              Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (attributes.isRegularFile()) {
            entries.add(
                new Entry(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
          }
        } catch (IOException e) {
          // Removed while listing, or unreadable: not evidence to offer.
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    entries.sort(Comparator.comparing(Entry::modified).reversed().thenComparing(Entry::name));
    return entries;
  }

  /** The listed file with exactly this name, if any. */
  static Optional<Path> find(Path directory, String name) {
    for (Entry entry : list(directory)) {
      if (entry.name().equals(name)) {
        return Optional.of(directory.resolve(entry.name()));
      }
    }
    return Optional.empty();
  }
}
