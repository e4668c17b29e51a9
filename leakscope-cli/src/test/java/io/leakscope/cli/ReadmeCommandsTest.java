package io.leakscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.agent.AgentOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command shown in README.md and docs/*.md still exists: in fenced code blocks, each line
 * that runs leakscope ({@code ./leakscope …}, {@code leakscope …}, {@code java -jar …leakscope.jar
 * …}) names a real subcommand, and each of its options is an option of that subcommand in the
 * picocli model that {@link Main} runs. Agent arguments ({@code -javaagent:…=key=value,…}) must be
 * accepted by {@link AgentOptions#parse}. Blocks marked {@code text} hold program output and are
 * not read. Also: every page in docs/ is linked from the README, and relative links lead to files
 * that exist.
 */
class ReadmeCommandsTest {
  /** The module's basedir is leakscope-cli; the documentation lives at the project root. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(\\S*).*$");
  private static final Pattern ENV_ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Set<String> SHELL_OPERATORS =
      Set.of(">", ">>", "2>", "2>&1", "|", "&&", "||", ";", "&");

  private static CommandLine cli;

  /** One command found in the documentation, with where it was found. */
  record Shown(String where, List<String> args) {}

  @BeforeAll
  static void buildTheCommandLine() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    Analyzer never =
        (dump, options, progress) -> {
          throw new AssertionError("the documentation test analyzes nothing");
        };
    cli = Main.commandLine(never, sink, sink);
  }

  @Test
  void everyCommandAndOptionShownInTheDocumentationExists() throws IOException {
    List<Shown> shown = new ArrayList<>();
    List<String> agentArgs = new ArrayList<>();
    for (Path file : documentationFiles()) {
      scan(file, shown, agentArgs);
    }

    List<String> problems = new ArrayList<>();
    for (Shown s : shown) {
      problems.addAll(check(s));
    }
    for (String args : agentArgs) {
      problems.addAll(checkAgent(args));
    }

    assertThat(problems).as("commands in the documentation that leakscope does not have").isEmpty();
    Set<String> used = new TreeSet<>();
    shown.forEach(s -> used.add(s.args().isEmpty() ? "" : s.args().get(0)));
    // the scan must really find the commands, or this test would pass on nothing
    assertThat(used).contains("analyze", "diff", "watch", "demo", "redact");
    assertThat(agentArgs).isNotEmpty();
    assertThat(shown.stream().filter(s -> s.where().startsWith("README.md"))).hasSizeGreaterThan(5);
  }

  @Test
  void aCommandOrOptionThatDoesNotExistIsReported() {
    assertThat(check(new Shown("x", List.of("analyze", "d.hprof", "--top", "5")))).isEmpty();
    assertThat(check(new Shown("x", List.of("analyze", "d.hprof", "--no-such-option"))))
        .singleElement()
        .asString()
        .contains("--no-such-option");
    assertThat(check(new Shown("x", List.of("analyse", "d.hprof"))))
        .singleElement()
        .asString()
        .contains("analyse");
    assertThat(checkAgent("dir=/tmp/x,window=1m")).isEmpty();
    assertThat(checkAgent("dir=/tmp/x,windw=1m")).singleElement().asString().contains("windw");

    List<Shown> found = new ArrayList<>();
    List<String> agent = new ArrayList<>();
    scanLines(
        "t.md",
        List.of(
            "```",
            "LEAKSCOPE_JAVA_OPTS=-Xmx16g ./leakscope analyze a.hprof -q > out.txt   # note",
            "java -jar leakscope-cli/target/leakscope.jar diff a.hprof b.hprof --format=json",
            "java -javaagent:leakscope-agent.jar=dir=/tmp/e,http=127.0.0.1:7070 -jar app.jar",
            "```",
            "```text",
            "leakscope watch  pid 18528  (output, not a command)",
            "```",
            "./leakscope outside a block"),
        found,
        agent);
    assertThat(found)
        .extracting(Shown::args)
        .containsExactly(
            List.of("analyze", "a.hprof", "-q"),
            List.of("diff", "a.hprof", "b.hprof", "--format=json"));
    assertThat(agent).containsExactly("dir=/tmp/e,http=127.0.0.1:7070");
  }

  @Test
  void everyDocumentationPageIsLinkedFromTheReadme() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (Path page : documentationFiles()) {
      String relative = ROOT.relativize(page).toString().replace('\\', '/');
      if (!relative.equals("README.md")) {
        assertThat(readme).as("README links " + relative).contains("(" + relative + ")");
      }
    }
  }

  @Test
  void relativeLinksLeadToFilesThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : documentationFiles()) {
      Matcher m = LINK.matcher(Files.readString(file));
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("http:")
            || target.startsWith("https:")
            || target.startsWith("#")
            || target.startsWith("mailto:")) {
          continue;
        }
        int hash = target.indexOf('#');
        String path = hash >= 0 ? target.substring(0, hash) : target;
        if (!Files.exists(file.getParent().resolve(path))) {
          broken.add(ROOT.relativize(file) + ": " + target);
        }
      }
    }
    assertThat(broken).as("links to files that do not exist").isEmpty();
  }

  private static List<Path> documentationFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  private static void scan(Path file, List<Shown> shown, List<String> agentArgs)
      throws IOException {
    scanLines(ROOT.relativize(file).toString(), Files.readAllLines(file), shown, agentArgs);
  }

  /**
   * Collects the leakscope commands and agent arguments of the fenced code blocks in {@code lines}.
   */
  static void scanLines(
      String name, List<String> lines, List<Shown> shown, List<String> agentArgs) {
    boolean inBlock = false;
    boolean output = false;
    StringBuilder continued = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        inBlock = !inBlock;
        output = inBlock && fence.group(1).equals("text");
        continue;
      }
      if (!inBlock || output) {
        continue;
      }
      if (line.endsWith("\\")) {
        continued.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String command = continued.append(line).toString();
      continued.setLength(0);
      List<String> tokens = tokens(command);
      String where = name + ":" + (i + 1);
      List<String> args = leakscopeArgs(tokens);
      if (args != null) {
        shown.add(new Shown(where, args));
      }
      for (String token : tokens) {
        if (token.startsWith("-javaagent:")) {
          int eq = token.indexOf('=');
          agentArgs.add(eq < 0 ? "" : token.substring(eq + 1));
        }
      }
    }
  }

  /** Words of a shell line up to a comment, split at blanks; quotes are removed. */
  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    for (String word : line.trim().split("\\s+")) {
      if (word.startsWith("#")) {
        break;
      }
      if (!word.isEmpty()) {
        out.add(word.replace("\"", "").replace("'", ""));
      }
    }
    if (!out.isEmpty() && out.get(0).equals("$")) {
      out.remove(0);
    }
    return out;
  }

  /** The arguments given to leakscope on this line, or null when the line does not run it. */
  private static List<String> leakscopeArgs(List<String> tokens) {
    int start = 0;
    while (start < tokens.size() && ENV_ASSIGNMENT.matcher(tokens.get(start)).matches()) {
      start++;
    }
    int command = -1;
    if (start < tokens.size()
        && (tokens.get(start).equals("./leakscope") || tokens.get(start).equals("leakscope"))) {
      command = start;
    } else if (start < tokens.size() && tokens.get(start).equals("java")) {
      for (int i = start + 1; i + 1 < tokens.size(); i++) {
        if (tokens.get(i).equals("-jar") && tokens.get(i + 1).endsWith("leakscope.jar")) {
          command = i + 1;
          break;
        }
      }
    }
    if (command < 0) {
      return null;
    }
    List<String> args = new ArrayList<>();
    for (String token : tokens.subList(command + 1, tokens.size())) {
      if (SHELL_OPERATORS.contains(token) || token.startsWith(">")) {
        break;
      }
      args.add(token);
    }
    return args;
  }

  /** What is wrong with one command shown in the documentation; empty if nothing. */
  private static List<String> check(Shown shown) {
    List<String> problems = new ArrayList<>();
    List<String> args = shown.args();
    CommandLine command = cli;
    int first = 0;
    if (!args.isEmpty() && !args.get(0).startsWith("-")) {
      Map<String, CommandLine> subcommands = cli.getSubcommands();
      command = subcommands.get(args.get(0));
      if (command == null) {
        problems.add(
            shown.where()
                + ": no command '"
                + args.get(0)
                + "' (there are "
                + subcommands.keySet()
                + ")");
        return problems;
      }
      first = 1;
    }
    for (String arg : args.subList(first, args.size())) {
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        continue;
      }
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (command.getCommandSpec().findOption(option) == null) {
        problems.add(
            shown.where()
                + ": '"
                + command.getCommandName()
                + "' has no option "
                + option
                + " (in: "
                + args
                + ")");
      }
    }
    return problems;
  }

  /** What the agent says about the arguments shown; empty if it accepts them. */
  private static List<String> checkAgent(String args) {
    try {
      AgentOptions.parse(args);
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of("-javaagent:…=" + args + ": " + e.getMessage());
    }
  }
}
