package io.leakscope.watchdog;

import io.leakscope.testing.StrictJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A child JVM running {@link WatchdogChild}: its evidence directory, output and events. */
final class Child {
  final String name;
  final Path dir;
  final Path log;
  final Path progress;
  final Process process;

  private Child(String name, Path dir, Path log, Path progress, Process process) {
    this.name = name;
    this.dir = dir;
    this.log = log;
    this.progress = progress;
    this.process = process;
  }

  /**
   * Starts {@link WatchdogChild} with this JVM's {@code java}.
   *
   * @param workDir where the child's directory, log and progress file go
   * @param runSeconds how long the child runs
   * @param mode the child's mode ({@code leak}, {@code healthy}, {@code steady})
   * @param jvmOptions e.g. {@code -Xmx256m -XX:+UseG1GC}
   */
  static Child start(Path workDir, int runSeconds, String mode, String... jvmOptions)
      throws IOException, URISyntaxException {
    StringBuilder name = new StringBuilder(mode);
    for (String option : jvmOptions) {
      if (option.startsWith("-XX:+Use")) {
        name.append(' ').append(option.substring("-XX:+Use".length()));
      } else if (option.startsWith("-Dleakscope.child.explicitGc=false")) {
        name.append(" noExplicitGc");
      }
    }
    Path childDir = Files.createDirectories(workDir.resolve(name.toString().replace(' ', '-')));
    Path log = childDir.resolveSibling(childDir.getFileName() + ".log");
    Path progress = childDir.resolveSibling(childDir.getFileName() + ".leaked");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(classPath());
    command.add(WatchdogChild.class.getName());
    command.add(mode);
    command.add(childDir.toString());
    command.add(Integer.toString(runSeconds));
    command.add(progress.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Child(name.toString(), childDir, log, progress, process);
  }

  List<Map<String, Object>> events() throws IOException {
    try {
      return Files.readAllLines(dir.resolve(EventLog.FILE_NAME)).stream()
          .filter(line -> !line.isEmpty())
          .map(StrictJson::parseObject)
          .toList();
    } catch (NoSuchFileException notYet) {
      return List.of();
    }
  }

  String describe() {
    try {
      String events =
          Files.exists(dir.resolve(EventLog.FILE_NAME))
              ? Files.readString(dir.resolve(EventLog.FILE_NAME))
              : "(no events.jsonl)";
      return name + "\n--- events ---\n" + events + "--- output ---\n" + Files.readString(log);
    } catch (IOException e) {
      return name + ": " + e;
    }
  }

  /** The main and test class directories, found from a class in each. */
  static String classPath() throws URISyntaxException {
    return root(Watchdog.class) + java.io.File.pathSeparator + root(WatchdogChild.class);
  }

  private static Path root(Class<?> type) throws URISyntaxException {
    URL url = type.getResource(type.getSimpleName() + ".class");
    Path file = Path.of(url.toURI());
    int depth = type.getName().split("\\.").length;
    for (int i = 0; i < depth; i++) {
      file = file.getParent();
    }
    return file;
  }
}
