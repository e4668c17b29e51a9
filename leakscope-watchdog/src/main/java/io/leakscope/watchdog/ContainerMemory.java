package io.leakscope.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory of the control group (cgroup v2 or v1) a process runs in: the container's limit, its
 * usage and its working set, as the kernel and the kubelet see them.
 *
 * <p><b>Finding the group.</b> {@code /proc/<pid>/cgroup} names the process's group per hierarchy
 * ({@code 0::/path} for v2, {@code N:memory:/path} for v1's memory controller) and {@code
 * /proc/<pid>/mountinfo} where each hierarchy is mounted and which of its directories the mount
 * shows (its root: {@code /} on the host and with a cgroup namespace, the container's own group
 * when a container runtime mounts only that). The group's directory is the mount point plus the
 * path below the mount's root; when that directory does not exist (a namespace that hides the path)
 * it is the mount point itself, as in the JDK's own container support. A v1 memory hierarchy is
 * used when there is one (hybrid systems mount v2 without the memory controller); otherwise v2.
 *
 * <p><b>The figures.</b> The limit is the smallest limit of the group and every ancestor visible
 * under the mount (v2: {@code memory.max}, {@code max} meaning none; v1: {@code
 * memory.limit_in_bytes} and the {@code hierarchical_memory_limit} of {@code memory.stat}, where a
 * value of 2<sup>62</sup> or more is v1's way of saying none). Usage is {@code memory.current} (v2)
 * or {@code memory.usage_in_bytes} (v1): everything charged to the group, page cache included. The
 * working set is usage minus inactive file pages ({@code inactive_file}, v1 {@code
 * total_inactive_file}), floored at 0: the figure the kubelet evicts on and {@code kubectl top}
 * shows. {@code oom_kill} counts the group's OOM kills ({@code memory.events}, v1 {@code
 * memory.oom_control}).
 *
 * <p>A missing or odd file leaves its figure unknown (-1) and adds a one-line problem; only a
 * process whose group cannot be found at all is an {@link IOException}.
 *
 * @param version 2 or 1
 * @param cgroup the group's path as {@code /proc/<pid>/cgroup} names it
 * @param directory the directory its files were read from
 * @param limitBytes the effective limit; {@link #NO_LIMIT} when none is set, -1 when unknown
 * @param usageBytes memory charged to the group, page cache included; -1 when unknown
 * @param inactiveFileBytes inactive page cache, reclaimable first; -1 when unknown
 * @param workingSetBytes usage minus inactive file pages, at least 0; -1 when unknown
 * @param oomKills processes the kernel killed in this group for lack of memory; -1 when unknown
 * @param problems files that could not be read or made no sense, one line each
 */
public record ContainerMemory(
    int version,
    String cgroup,
    Path directory,
    long limitBytes,
    long usageBytes,
    long inactiveFileBytes,
    long workingSetBytes,
    long oomKills,
    List<String> problems) {

  /** The {@link #limitBytes()} of a group without a memory limit. */
  public static final long NO_LIMIT = Long.MAX_VALUE;

  /** cgroup v1 writes "no limit" as the largest page-aligned long; anything this big is none. */
  static final long V1_UNLIMITED = 1L << 62;

  public ContainerMemory {
    problems = List.copyOf(problems);
  }

  /** Whether the group has a memory limit that is known. */
  public boolean limited() {
    return limitBytes > 0 && limitBytes != NO_LIMIT;
  }

  /**
   * Reads the memory group of process {@code pid}.
   *
   * @param root the file system root the paths are resolved under: {@code /}, or a fixture tree
   *     holding {@code proc/<pid>/cgroup}, {@code proc/<pid>/mountinfo} and the mounted groups
   * @throws IOException when {@code /proc/<pid>/cgroup} or {@code mountinfo} cannot be read, or
   *     neither a v1 memory hierarchy nor a v2 one is mounted for the process; one line
   */
  public static ContainerMemory read(Path root, long pid) throws IOException {
    Path proc = root.resolve("proc").resolve(Long.toString(pid));
    List<String> groups = Files.readAllLines(proc.resolve("cgroup"), StandardCharsets.UTF_8);
    List<String> mounts = Files.readAllLines(proc.resolve("mountinfo"), StandardCharsets.UTF_8);
    String v1Path = null;
    String v2Path = null;
    for (String line : groups) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[0].equals("0") && f[1].isEmpty()) {
        v2Path = f[2];
      } else if (List.of(f[1].split(",")).contains("memory")) {
        v1Path = f[2];
      }
    }
    Mount v1Mount = null;
    Mount v2Mount = null;
    for (String line : mounts) {
      Mount m = Mount.parse(line);
      if (m == null) {
        continue;
      }
      if (m.type().equals("cgroup") && List.of(m.superOptions().split(",")).contains("memory")) {
        v1Mount = v1Mount == null ? m : v1Mount;
      } else if (m.type().equals("cgroup2")) {
        v2Mount = v2Mount == null ? m : v2Mount;
      }
    }
    if (v1Path != null && v1Mount != null) {
      return readV1(root, v1Path, v1Mount);
    }
    if (v2Path != null && v2Mount != null) {
      return readV2(root, v2Path, v2Mount);
    }
    throw new IOException(
        proc.resolve("cgroup")
            + ": no memory cgroup mounted for the process (neither a v1 memory hierarchy nor v2)");
  }

  private static ContainerMemory readV2(Path root, String cgroup, Mount mount) {
    List<String> problems = new ArrayList<>();
    Path mountPoint = mount.pointUnder(root);
    Path dir = mount.directoryOf(root, cgroup);
    long limit = NO_LIMIT;
    boolean limitKnown = true;
    for (Path d = dir; d != null && d.startsWith(mountPoint); d = d.getParent()) {
      Path max = d.resolve("memory.max");
      if (!Files.exists(max)) {
        continue; // the root group has no memory.max
      }
      String text = readLine(max, problems);
      long v = text == null || text.equals("max") ? NO_LIMIT : number(max, text, problems);
      if (text == null || v < 0) {
        limitKnown = false;
      } else {
        limit = Math.min(limit, v);
      }
    }
    long usage = readNumber(dir.resolve("memory.current"), problems);
    long inactive = statValue(dir.resolve("memory.stat"), problems, "inactive_file");
    long oomKills = statValue(dir.resolve("memory.events"), problems, "oom_kill");
    return new ContainerMemory(
        2,
        cgroup,
        dir,
        limitKnown ? limit : -1,
        usage,
        inactive,
        workingSet(usage, inactive),
        oomKills,
        problems);
  }

  private static ContainerMemory readV1(Path root, String cgroup, Mount mount) {
    List<String> problems = new ArrayList<>();
    Path dir = mount.directoryOf(root, cgroup);
    long own = readNumber(dir.resolve("memory.limit_in_bytes"), problems);
    long hierarchical = statValue(dir.resolve("memory.stat"), null, "hierarchical_memory_limit");
    long limit;
    if (own < 0) {
      limit = -1;
    } else {
      long v = hierarchical < 0 ? own : Math.min(own, hierarchical);
      limit = v >= V1_UNLIMITED ? NO_LIMIT : v;
    }
    long usage = readNumber(dir.resolve("memory.usage_in_bytes"), problems);
    long inactive = statValue(dir.resolve("memory.stat"), null, "total_inactive_file");
    if (inactive < 0) {
      inactive = statValue(dir.resolve("memory.stat"), problems, "inactive_file");
    }
    long oomKills = statValue(dir.resolve("memory.oom_control"), null, "oom_kill");
    return new ContainerMemory(
        1, cgroup, dir, limit, usage, inactive, workingSet(usage, inactive), oomKills, problems);
  }

  private static long workingSet(long usage, long inactive) {
    if (usage < 0) {
      return -1;
    }
    return inactive < 0 ? usage : Math.max(0, usage - inactive);
  }

  /** The first line of a file, stripped; null (and a problem) when it cannot be read. */
  private static String readLine(Path file, List<String> problems) {
    try {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      int end = text.indexOf('\n');
      return (end < 0 ? text : text.substring(0, end)).strip();
    } catch (IOException | RuntimeException e) {
      problems.add(file + ": " + whyUnreadable(e));
      return null;
    }
  }

  private static long readNumber(Path file, List<String> problems) {
    String text = readLine(file, problems);
    return text == null ? -1 : number(file, text, problems);
  }

  private static long number(Path file, String text, List<String> problems) {
    long v = ProcessMemory.number(text);
    if (v < 0) {
      problems.add(file + ": '" + abbreviate(text) + "' is not a number of bytes");
    }
    return v;
  }

  /**
   * The value of {@code key} in a file of {@code key value} lines ({@code memory.stat}, {@code
   * memory.events}); -1 when absent or unreadable, with a problem when {@code problems} is not
   * null.
   */
  private static long statValue(Path file, List<String> problems, String key) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      if (problems != null) {
        problems.add(file + ": " + whyUnreadable(e));
      }
      return -1;
    }
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 2 && f[0].equals(key)) {
        long v = ProcessMemory.number(f[1]);
        if (v < 0 && problems != null) {
          problems.add(file + ": " + key + " '" + abbreviate(f[1]) + "' is not a number");
        }
        return v;
      }
    }
    if (problems != null) {
      problems.add(file + ": no " + key + " line");
    }
    return -1;
  }

  private static String whyUnreadable(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "missing"
        : "cannot be read (" + e.getClass().getSimpleName() + ")";
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /** One line of {@code mountinfo}: the mount's root, its mount point, type and super options. */
  record Mount(String root, String point, String type, String superOptions) {

    /** Parses a line, or returns null for one that is not a mountinfo line. */
    static Mount parse(String line) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        return null;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3) {
        return null;
      }
      return new Mount(unescape(left[3]), unescape(left[4]), right[0], right[2]);
    }

    Path pointUnder(Path fsRoot) {
      return fsRoot.resolve(point.startsWith("/") ? point.substring(1) : point).normalize();
    }

    /**
     * The directory of group {@code cgroup}: the mount point plus the group's path below the
     * mount's root, or the mount point when that path leaves the mount or does not exist.
     */
    Path directoryOf(Path fsRoot, String cgroup) {
      Path mountPoint = pointUnder(fsRoot);
      String relative;
      if (root.equals("/")) {
        relative = cgroup;
      } else if (cgroup.equals(root) || cgroup.startsWith(root + "/")) {
        relative = cgroup.substring(root.length());
      } else {
        relative = cgroup;
      }
      while (relative.startsWith("/")) {
        relative = relative.substring(1);
      }
      if (relative.isEmpty() || relative.contains("..")) {
        return mountPoint;
      }
      Path dir = mountPoint.resolve(relative).normalize();
      return dir.startsWith(mountPoint) && Files.isDirectory(dir) ? dir : mountPoint;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String field) {
      if (field.indexOf('\\') < 0) {
        return field;
      }
      StringBuilder out = new StringBuilder(field.length());
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '\\' && isOctal(field, i + 1)) {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
          i += 3;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private static boolean isOctal(String s, int from) {
      if (from + 3 > s.length()) {
        return false;
      }
      for (int i = from; i < from + 3; i++) {
        if (s.charAt(i) < '0' || s.charAt(i) > '7') {
          return false;
        }
      }
      return true;
    }
  }
}
