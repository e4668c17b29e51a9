package io.leakscope.cli;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why {@code leakscope watch} cannot attach to a process, as one line for the user: checked before
 * attaching where that is cheap and certain, and translated from the Attach API's exceptions after.
 *
 * <p>Exit code 2 for a pid that cannot name a JVM to watch (no such process, this process, a
 * process that is not a JVM), 1 for a JVM that refuses.
 *
 * <p>Why a pre-check for "not a JVM": on Linux the Attach API asks the target to open its attach
 * socket with {@code SIGQUIT}. JDK 17 and later first check that the process catches {@code
 * SIGQUIT} (the {@code SigCgt} mask in {@code /proc/<pid>/status}) and otherwise wait some 10
 * seconds before giving up; reading the same mask here answers at once. A JVM started with {@code
 * -Xrs} does not catch {@code SIGQUIT} either, and cannot be attached to unless it already has an
 * attach socket, so a process listed by {@link VirtualMachine#list()} is always tried.
 */
final class AttachProblems {
  private static final int SIGQUIT = 3;

  private AttachProblems() {}

  /** Fails for a pid that is certainly not a JVM that can be attached to. */
  static void checkBeforeAttaching(long pid) {
    if (pid == ProcessHandle.current().pid()) {
      throw new CommandFailure(
          Main.EXIT_USAGE,
          "pid "
              + pid
              + " is this leakscope process; give the pid of the JVM to watch"
              + " (jcmd -l lists them; a JVM attaches to itself only with"
              + " -Djdk.attach.allowAttachSelf=true)",
          null);
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      throw new CommandFailure(
          Main.EXIT_USAGE,
          "no process with pid " + pid + " (jcmd -l lists the JVMs leakscope can attach to)",
          null);
    }
    if (catchesSigquit(pid).orElse(true) || listedAsJvm(pid)) {
      return;
    }
    throw new CommandFailure(
        Main.EXIT_USAGE,
        "process "
            + pid
            + " ("
            + process.get().info().command().orElse("unknown command")
            + ") is not a JVM, or one started with -Xrs that cannot be attached to"
            + " (jcmd -l lists the JVMs leakscope can attach to)",
        null);
  }

  /** The failure for an attach that threw {@code e}. */
  static CommandFailure refused(long pid, Exception e) {
    String reason = FailureReporter.oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    String hint;
    Optional<String> owner = ProcessHandle.of(pid).flatMap(p -> p.info().user());
    String me = System.getProperty("user.name");
    if (reason.contains("does not support the attach mechanism")) {
      hint = "it was started with -XX:+DisableAttachMechanism";
    } else if (reason.contains("Can not attach to current VM")) {
      hint =
          "it is this process; a JVM attaches to itself only with"
              + " -Djdk.attach.allowAttachSelf=true";
    } else if (owner.isPresent() && me != null && !owner.get().equals(me)) {
      hint =
          "it runs as user "
              + owner.get()
              + ", leakscope as "
              + me
              + "; run leakscope as "
              + owner.get();
    } else {
      hint = reason;
    }
    return new CommandFailure(Main.EXIT_FAILURE, "cannot attach to JVM " + pid + ": " + hint, e);
  }

  /** Whether the process catches SIGQUIT, when {@code /proc} tells; empty elsewhere. */
  static Optional<Boolean> catchesSigquit(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("SigCgt:")) {
          BigInteger mask = new BigInteger(line.substring("SigCgt:".length()).strip(), 16);
          return Optional.of(mask.testBit(SIGQUIT - 1));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean listedAsJvm(long pid) {
    String id = Long.toString(pid);
    return VirtualMachine.list().stream().anyMatch(d -> d.id().equals(id));
  }
}
