package io.leakscope.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A memory cgroup made for one test under this process's own group, with a limit: cgroup v1 (the
 * {@code memory} hierarchy, {@code memory.limit_in_bytes}) or v2 ({@code memory.max}, when the
 * parent delegates the memory controller). Where none can be made the test is skipped with the
 * reason (a failed assumption).
 */
public final class MemoryCgroup {
  private final Path dir;
  private final int version;

  private MemoryCgroup(Path dir, int version) {
    this.dir = dir;
    this.version = version;
  }

  /** Creates the group with {@code limitBytes}, or skips the test saying why it cannot. */
  public static MemoryCgroup create(long limitBytes) throws IOException {
    Path procCgroup = Path.of("/proc/self/cgroup");
    Path mountInfo = Path.of("/proc/self/mountinfo");
    assumeTrue(
        Files.isReadable(procCgroup) && Files.isReadable(mountInfo),
        "no /proc/self/cgroup: not Linux, no cgroup to make");
    List<String> groups = Files.readAllLines(procCgroup);
    List<String> mounts = Files.readAllLines(mountInfo);
    // v1 first: a hybrid host mounts v2 without the memory controller
    for (String line : groups) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
        Path parent = groupDir(mounts, "cgroup", "memory", f[2]);
        return make(parent, 1, "memory.limit_in_bytes", limitBytes);
      }
    }
    for (String line : groups) {
      if (line.startsWith("0::")) {
        Path parent = groupDir(mounts, "cgroup2", null, line.substring(3));
        Path control = parent == null ? null : parent.resolve("cgroup.subtree_control");
        assumeTrue(
            control != null
                && Files.isReadable(control)
                && List.of(Files.readString(control).strip().split(" ")).contains("memory"),
            () ->
                "cgroup v2 at "
                    + parent
                    + " does not delegate the memory controller to its children"
                    + " (cgroup.subtree_control has no memory): no memory cgroup to make");
        return make(parent, 2, "memory.max", limitBytes);
      }
    }
    assumeTrue(false, "no memory cgroup in /proc/self/cgroup: no memory cgroup to make");
    throw new AssertionError("unreachable");
  }

  /**
   * The directory of group {@code path} in the mount of {@code type} (with {@code option} among its
   * super options for v1), or null: the mount point plus the path below the mount's root.
   */
  private static Path groupDir(List<String> mounts, String type, String option, String path) {
    for (String line : mounts) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3 || !right[0].equals(type)) {
        continue;
      }
      if (option != null && !List.of(right[2].split(",")).contains(option)) {
        continue;
      }
      String root = left[3];
      String relative = path;
      if (!root.equals("/") && path.startsWith(root)) {
        relative = path.substring(root.length());
      }
      return Path.of(left[4], relative.replaceFirst("^/", ""));
    }
    return null;
  }

  private static MemoryCgroup make(Path parent, int version, String limitFile, long limitBytes)
      throws IOException {
    assumeTrue(
        parent != null && Files.isDirectory(parent),
        () -> "the memory cgroup's directory is not mounted here (" + parent + ")");
    Path dir =
        parent.resolve("leakscope-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      Files.createDirectory(dir);
    } catch (IOException e) {
      assumeTrue(
          false,
          () ->
              "cannot make a memory cgroup under "
                  + parent
                  + " ("
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + "; it takes root or a delegated group)");
    }
    MemoryCgroup group = new MemoryCgroup(dir, version);
    try {
      Files.writeString(dir.resolve(limitFile), Long.toString(limitBytes));
    } catch (IOException e) {
      group.delete();
      assumeTrue(false, () -> "cannot set " + dir.resolve(limitFile) + ": " + e.getMessage());
    }
    return group;
  }

  public int version() {
    return version;
  }

  /** The file a process writes its pid to, to join the group. */
  public Path procs() {
    return dir.resolve("cgroup.procs");
  }

  /** The limit as the group's file says. */
  public long limit() throws IOException {
    return read(version == 1 ? "memory.limit_in_bytes" : "memory.max");
  }

  /** The usage as the group's file says. */
  public long usage() throws IOException {
    return read(version == 1 ? "memory.usage_in_bytes" : "memory.current");
  }

  /**
   * The kernel's OOM kills in the group so far: {@code oom_kill} of {@code memory.events} (v2) or
   * {@code memory.oom_control} (v1, Linux 4.13+); -1 when the file does not say.
   */
  public long oomKills() throws IOException {
    Path file = dir.resolve(version == 1 ? "memory.oom_control" : "memory.events");
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("oom_kill ")) {
        return Long.parseLong(line.substring("oom_kill ".length()).strip());
      }
    }
    return -1;
  }

  private long read(String file) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(file)).strip());
  }

  /** Removes the group; its processes must have ended. */
  public void delete() throws IOException {
    for (int i = 0; i < 50 && Files.exists(dir); i++) {
      try {
        Files.delete(dir);
      } catch (IOException busy) {
        // the child's exit is not yet accounted: try again shortly
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw busy;
        }
      }
    }
  }
}
