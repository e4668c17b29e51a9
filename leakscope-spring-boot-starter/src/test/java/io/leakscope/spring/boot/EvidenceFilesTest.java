package io.leakscope.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceFilesTest {

  @TempDir Path root;

  @Test
  void listsWholeRegularFilesNewestFirstAndFindsOnlyThoseNames() throws IOException {
    Path dir = Files.createDirectory(root.resolve("evidence"));
    Path outside = Files.writeString(root.resolve("secret.txt"), "outside");
    Path old = Files.writeString(dir.resolve("histogram-1.txt"), "old");
    Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Files.writeString(dir.resolve("heap-2.hprof.gz"), "new");
    Files.writeString(dir.resolve("heap-3.hprof.gz.partial"), "being written");
    Files.writeString(dir.resolve("heap-4.hprof.gz.partial.hprof"), "being written");
    Files.createDirectory(dir.resolve("sub"));
    Files.createSymbolicLink(dir.resolve("link.txt"), outside);

    assertThat(EvidenceFiles.list(dir))
        .extracting(EvidenceFiles.Entry::name)
        .containsExactly("heap-2.hprof.gz", "histogram-1.txt");
    assertThat(EvidenceFiles.list(dir).get(1).bytes()).isEqualTo(3);

    assertThat(EvidenceFiles.find(dir, "histogram-1.txt")).contains(old);
    for (String name :
        new String[] {
          "../secret.txt",
          "./histogram-1.txt",
          "sub",
          "link.txt",
          "heap-3.hprof.gz.partial",
          outside.toString(),
          "",
          "HISTOGRAM-1.TXT"
        }) {
      assertThat(EvidenceFiles.find(dir, name)).as(name).isEmpty();
    }
  }

  @Test
  void aMissingDirectoryHasNoEvidence() {
    assertThat(EvidenceFiles.list(root.resolve("missing"))).isEmpty();
    assertThat(EvidenceFiles.find(root.resolve("missing"), "events.jsonl")).isEmpty();
  }
}
