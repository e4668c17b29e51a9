package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessMemory}: the lines of {@code /proc/<pid>/status}, odd ones included. */
class ProcessMemoryTest {

  @TempDir Path proc;

  @Test
  void readsTheMemoryLinesOfAStatusFile() {
    ProcessMemory m =
        ProcessMemory.parse(
            "Name:\tjava\nVmPeak:\t 3060 kB\nVmHWM:\t   90000 kB\nVmRSS:\t   82436 kB\n"
                + "RssAnon:\t   51180 kB\nRssFile:\t   31256 kB\nRssShmem:\t       0 kB\n"
                + "VmSwap:\t       4 kB\nThreads:\t22\nSigCgt:\t0000000000000000\n");

    assertThat(m)
        .isEqualTo(
            new ProcessMemory(
                82436L * 1024, 51180L * 1024, 31256L * 1024, 0, 4096, 90000L * 1024, 22));
  }

  @Test
  void oldKernelsWithoutTheSplitLeaveItUnknown() {
    ProcessMemory m = ProcessMemory.parse("VmRSS:\t 100 kB\n");
    assertThat(m.rssBytes()).isEqualTo(102_400);
    assertThat(m.anonymousBytes()).isEqualTo(-1);
    assertThat(m.fileBytes()).isEqualTo(-1);
    assertThat(m.threads()).isEqualTo(-1);
  }

  @Test
  void oddValuesAreUnknownAndNoRssIsOneLine() {
    ProcessMemory m =
        ProcessMemory.parse(
            "VmRSS: 5 kB\nRssAnon: lots kB\nRssFile: 7 MB\nThreads: 99999999999999999999\n");
    assertThat(m.rssBytes()).isEqualTo(5120);
    assertThat(m.anonymousBytes()).isEqualTo(-1);
    assertThat(m.fileBytes()).isEqualTo(-1);
    assertThat(m.threads()).isEqualTo(-1);

    assertThatThrownBy(() -> ProcessMemory.parse("Name:\tkthreadd\nThreads:\t1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no valid VmRSS line (a kernel thread, or not a status)");
  }

  @Test
  void unreadableOrOddFilesNameTheFile() throws IOException {
    assertThatThrownBy(() -> ProcessMemory.read(proc, 12))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("12");
    Files.createDirectories(proc.resolve("13"));
    Files.writeString(proc.resolve("13/status"), "\u0000\u0001 binary junk");
    assertThatThrownBy(() -> ProcessMemory.read(proc, 13))
        .isInstanceOf(IOException.class)
        .hasMessage(
            proc.resolve("13/status") + ": no valid VmRSS line (a kernel thread, or not a status)");
  }
}
