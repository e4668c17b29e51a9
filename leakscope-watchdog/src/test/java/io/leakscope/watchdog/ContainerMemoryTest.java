package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerMemory} on fixture trees of cgroup v2 and v1 (under {@code
 * src/test/resources/io/leakscope/watchdog/cgroup}; the expected figures are those written into the
 * fixture files) and on this machine's real files, against the JDK's own container support.
 */
class ContainerMemoryTest {
  private static final Path FIXTURES = Path.of("src/test/resources/io/leakscope/watchdog/cgroup");

  private static final long MIB = 1 << 20;

  @Test
  void v2NestedGroupTakesTheSmallestLimitOfItsAncestors() throws IOException {
    ContainerMemory m = ContainerMemory.read(FIXTURES.resolve("v2-nested"), 42);

    assertThat(m.version()).isEqualTo(2);
    assertThat(m.cgroup())
        .isEqualTo("/kubepods.slice/kubepods-burstable.slice/pod1.slice/cri-abc.scope");
    assertThat(m.directory().endsWith("cri-abc.scope")).as("%s", m.directory()).isTrue();
    // the container says max, the pod 512 MiB, the kubepods slice 8 GiB
    assertThat(m.limitBytes()).isEqualTo(512 * MIB);
    assertThat(m.limited()).isTrue();
    assertThat(m.usageBytes()).isEqualTo(300 * MIB);
    assertThat(m.inactiveFileBytes()).isEqualTo(40 * MIB);
    assertThat(m.workingSetBytes()).isEqualTo(260 * MIB);
    assertThat(m.oomKills()).isEqualTo(2);
    assertThat(m.problems()).isEmpty();
  }

  @Test
  void v2InItsOwnNamespaceReadsTheMountPointItself() throws IOException {
    ContainerMemory m = ContainerMemory.read(FIXTURES.resolve("v2-namespaced"), 7);

    assertThat(m.version()).isEqualTo(2);
    assertThat(m.cgroup()).isEqualTo("/");
    assertThat(m.limitBytes()).isEqualTo(256 * MIB);
    assertThat(m.usageBytes()).isEqualTo(128 * MIB);
    assertThat(m.workingSetBytes()).isEqualTo(124 * MIB);
    assertThat(m.oomKills()).isZero();
    assertThat(m.problems()).isEmpty();
  }

  @Test
  void v2WithoutALimitAnywhereIsANormalAnswer() throws IOException {
    ContainerMemory m = ContainerMemory.read(FIXTURES.resolve("v2-nolimit"), 99);

    assertThat(m.limitBytes()).isEqualTo(ContainerMemory.NO_LIMIT);
    assertThat(m.limited()).isFalse();
    assertThat(m.usageBytes()).isEqualTo(70 * MIB);
    assertThat(m.workingSetBytes()).isEqualTo(60 * MIB);
    assertThat(m.problems()).isEmpty();
  }

  @Test
  void v2OddFilesLeaveTheirFiguresUnknownWithOneLineEach() throws IOException {
    ContainerMemory m = ContainerMemory.read(FIXTURES.resolve("v2-odd"), 5);

    assertThat(m.limitBytes()).as("'lots' is no limit").isEqualTo(-1);
    assertThat(m.limited()).isFalse();
    assertThat(m.usageBytes()).isEqualTo(MIB);
    assertThat(m.inactiveFileBytes()).isEqualTo(-1);
    assertThat(m.workingSetBytes()).as("usage, nothing known to subtract").isEqualTo(MIB);
    assertThat(m.problems())
        .anySatisfy(p -> assertThat(p).endsWith("memory.max: 'lots' is not a number of bytes"))
        .anySatisfy(p -> assertThat(p).endsWith("memory.stat: missing"))
        .allSatisfy(p -> assertThat(p).doesNotContain("\n"));
  }

  @Test
  void v1InADockerContainerUsesTheHierarchicalLimitAndTotalInactiveFile() throws IOException {
    ContainerMemory m = ContainerMemory.read(FIXTURES.resolve("v1-docker"), 1);

    assertThat(m.version()).isEqualTo(1);
    assertThat(m.cgroup()).isEqualTo("/docker/0123abcd");
    // the group's own limit is 1 GiB, a parent's 768 MiB
    assertThat(m.limitBytes()).isEqualTo(768 * MIB);
    assertThat(m.usageBytes()).isEqualTo(600 * MIB);
    assertThat(m.inactiveFileBytes())
        .as("total_inactive_file, not inactive_file")
        .isEqualTo(80 * MIB);
    assertThat(m.workingSetBytes()).isEqualTo(520 * MIB);
    assertThat(m.oomKills()).isEqualTo(1);
    assertThat(m.problems()).isEmpty();
  }

  @Test
  void v1OnAHybridHostIsPreferredToV2WithoutMemoryAndItsHugeLimitIsNone() throws IOException {
    ContainerMemory m = ContainerMemory.read(FIXTURES.resolve("v1-hybrid-nolimit"), 300);

    assertThat(m.version()).isEqualTo(1);
    assertThat(m.directory().endsWith(Path.of("memory", "process_api", "8b42"))).isTrue();
    assertThat(m.limitBytes()).isEqualTo(ContainerMemory.NO_LIMIT);
    assertThat(m.usageBytes()).isEqualTo(6_262_784);
    assertThat(m.workingSetBytes()).isEqualTo(6_262_784 - 303_104);
    assertThat(m.oomKills()).as("no memory.oom_control").isEqualTo(-1);
  }

  @Test
  void noMemoryCgroupIsOneLine() {
    assertThatThrownBy(() -> ContainerMemory.read(FIXTURES.resolve("none"), 8))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith(
            "no memory cgroup mounted for the process (neither a v1 memory" + " hierarchy nor v2)");
    assertThatThrownBy(() -> ContainerMemory.read(FIXTURES.resolve("none"), 9))
        .as("no such process")
        .isInstanceOf(IOException.class);
  }

  @Test
  void mountinfoEscapesAreDecoded() {
    ContainerMemory.Mount m =
        ContainerMemory.Mount.parse(
            "40 30 0:37 /a\\040b /sys/fs/cgroup/my\\040mount rw - cgroup2 cgroup2 rw");
    assertThat(m.root()).isEqualTo("/a b");
    assertThat(m.point()).isEqualTo("/sys/fs/cgroup/my mount");
    assertThat(ContainerMemory.Mount.parse("no separator here")).isNull();
  }

  /**
   * This machine's real files, and the JDK's container support as the oracle: the cgroup version it
   * names as its provider, and whether it sees a memory limit.
   */
  @Test
  void thisMachineAgreesWithTheJdksContainerSupport() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/cgroup")), "no /proc/self/cgroup: not Linux");
    ContainerMemory m = ContainerMemory.read(Path.of("/"), ProcessHandle.current().pid());

    String settings = showSystemSettings();
    Matcher provider = Pattern.compile("Provider: cgroupv(\\d)").matcher(settings);
    assumeTrue(provider.find(), "the JDK sees no cgroup: " + settings);
    assertThat(m.version()).as(settings).isEqualTo(Integer.parseInt(provider.group(1)));
    Matcher limit = Pattern.compile("Memory Limit: (\\S+)").matcher(settings);
    if (limit.find()) {
      if (limit.group(1).equals("Unlimited")) {
        assertThat(m.limited()).as(settings).isFalse();
      } else {
        assertThat(m.limited()).as(settings).isTrue();
        assertThat((double) m.limitBytes()).isCloseTo(jdkSize(limit.group(1)), offsetOf(0.01));
      }
    }
    assertThat(m.usageBytes()).as("%s", m).isPositive();
    assertThat(m.workingSetBytes()).isBetween(0L, m.usageBytes());
    assertThat(m.problems()).isEmpty();
  }

  private static org.assertj.core.data.Percentage offsetOf(double share) {
    return org.assertj.core.data.Percentage.withPercentage(share * 100);
  }

  /** "512.00M" → bytes, as the JDK's {@code -XshowSettings:system} prints a size. */
  private static double jdkSize(String text) {
    char unit = text.charAt(text.length() - 1);
    double v = Double.parseDouble(text.substring(0, text.length() - 1));
    return switch (unit) {
      case 'K' -> v * 1024;
      case 'M' -> v * MIB;
      case 'G' -> v * MIB * 1024;
      default -> Double.parseDouble(text);
    };
  }

  private static String showSystemSettings() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(List.of(java.toString(), "-XshowSettings:system", "-version"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
