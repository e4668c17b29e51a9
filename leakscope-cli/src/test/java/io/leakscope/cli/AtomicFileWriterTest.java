package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
  @TempDir Path dir;

  @Test
  void writesTheContentAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("report.txt");

    AtomicFileWriter.write(target, out -> out.write("complete\n"));

    assertThat(target).hasContent("complete");
    assertThat(files()).containsExactly(target);
  }

  @Test
  void replacesAnExistingFile() throws IOException {
    Path target = Files.writeString(dir.resolve("report.txt"), "old");

    AtomicFileWriter.write(target, out -> out.write("new"));

    assertThat(target).hasContent("new");
  }

  @Test
  void failureMidWayKeepsTheOldFileAndRemovesThePartialOne() throws IOException {
    Path target = Files.writeString(dir.resolve("report.txt"), "old");

    assertThatThrownBy(
            () ->
                AtomicFileWriter.write(
                    target,
                    out -> {
                      out.write("half a rep".repeat(10_000));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");

    assertThat(target).hasContent("old");
    assertThat(files()).containsExactly(target);
  }

  @Test
  void failureMidWayWithoutAnOldFileLeavesNothing() {
    Path target = dir.resolve("report.txt");

    assertThatThrownBy(
            () ->
                AtomicFileWriter.write(
                    target,
                    out -> {
                      out.write("half");
                      throw new IllegalStateException("renderer bug");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(dir).isEmptyDirectory();
  }

  private List<Path> files() throws IOException {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }
}
