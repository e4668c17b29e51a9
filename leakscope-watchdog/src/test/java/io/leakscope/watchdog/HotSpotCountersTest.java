package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HotSpotCounters} reads this test JVM's own counters as {@code jcmd PID PerfCounter.print}
 * prints them (the JVM's own view), and a damaged file is no counters, never an exception.
 */
class HotSpotCountersTest {

  @Test
  void readsThisJvmsCountersAsJcmdPrintsThem() throws Exception {
    HotSpotCounters counters = HotSpotCounters.forThisJvm();
    assumeTrue(
        counters != null || !Files.isDirectory(Path.of("/tmp")),
        "no hsperfdata file (not Linux, or -XX:-UsePerfData)");
    assertThat(counters).as("the counters of this JVM on Linux with default flags").isNotNull();
    long youngBefore = counters.read(G1CycleEnds.YOUNG_PAUSES);
    Map<String, Long> printed = jcmdCounters();
    // counters that do not change while the JVM runs: equal
    for (String name :
        List.of(
            "sun.rt.vmInitDoneTime",
            "sun.rt.createVmBeginTime",
            "sun.gc.policy.maxTenuringThreshold",
            "sun.os.hrt.frequency")) {
      if (printed.containsKey(name)) {
        assertThat(counters.read(name)).as(name).isEqualTo(printed.get(name));
      }
    }
    assertThat(counters.read("sun.rt.vmInitDoneTime"))
        .isEqualTo(ManagementFactory.getRuntimeMXBean().getStartTime());
    // every long counter jcmd shows is found (by a fresh instance: counters the JVM made since
    // the first are not in its table); a count that only grows lies between two reads
    HotSpotCounters fresh = HotSpotCounters.forThisJvm();
    // (jcmd adds the prologue's fields as sun.perfdata.*: they are not entries)
    assertThat(
            printed.keySet().stream()
                .filter(n -> !n.startsWith("sun.perfdata.") && !fresh.has(n))
                .toList())
        .isEmpty();
    if (printed.containsKey(G1CycleEnds.YOUNG_PAUSES)) {
      assertThat(printed.get(G1CycleEnds.YOUNG_PAUSES))
          .isBetween(youngBefore, counters.read(G1CycleEnds.YOUNG_PAUSES));
    }
    assertThat(counters.read("no.such.counter")).isEqualTo(-1);
    assertThat(counters.has("no.such.counter")).isFalse();
  }

  @Test
  void aDamagedFileIsNoCounters(@TempDir Path dir) throws Exception {
    HotSpotCounters mine = HotSpotCounters.forThisJvm();
    assumeTrue(mine != null, "no hsperfdata file of this JVM to damage");
    long pid = ProcessHandle.current().pid();
    byte[] real = Files.readAllBytes(perfFile(pid));
    Random random = new Random(42);
    Path copy = dir.resolve(Long.toString(pid));
    for (int round = 0; round < 300; round++) {
      byte[] bytes;
      if (round < 100) {
        // truncated anywhere
        bytes = java.util.Arrays.copyOf(real, random.nextInt(real.length));
      } else {
        bytes = real.clone();
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          bytes[random.nextInt(Math.min(bytes.length, 4096))] = (byte) random.nextInt();
        }
      }
      Files.write(copy, bytes);
      // never throws; a damaged name table or prologue is no counters at all
      HotSpotCounters.parse(copy);
    }
    // another JVM's file (another start time) is not this JVM's
    Files.write(copy, real);
    assertThat(HotSpotCounters.open(dir, pid, 1)).isNull();
    assertThat(HotSpotCounters.open(dir, pid, mine.read("sun.rt.vmInitDoneTime"))).isNotNull();
    Files.write(copy, new byte[] {1, 2, 3});
    assertThat(HotSpotCounters.parse(copy)).isNull();
  }

  private static Path perfFile(long pid) throws Exception {
    try (var dirs = Files.newDirectoryStream(Path.of("/tmp"), "hsperfdata_*")) {
      for (Path d : dirs) {
        if (Files.isRegularFile(d.resolve(Long.toString(pid)))) {
          return d.resolve(Long.toString(pid));
        }
      }
    }
    throw new AssertionError("no hsperfdata file for " + pid);
  }

  /** {@code jcmd PID PerfCounter.print}: the numeric counters. */
  private static Map<String, Long> jcmdCounters() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                jcmd.toString(), Long.toString(ProcessHandle.current().pid()), "PerfCounter.print")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, Long> counters = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^([\\w.]+)=(-?\\d+)$").matcher(out);
    while (m.find()) {
      counters.put(m.group(1), Long.parseLong(m.group(2)));
    }
    assertThat(counters).as(out).hasSizeGreaterThan(50);
    return counters;
  }
}
