package io.leakscope.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code leakscope} command; the work is done by its subcommands. */
@Command(
    name = "leakscope",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    subcommands = HelpCommand.class,
    description = "Finds memory leaks in Java heap dumps and running JVMs.",
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 usage error, 3 malformed heap dump, 4 a holder grew"
          + " past --fail-on-growth (analyze, diff).",
      "Set LEAKSCOPE_DEBUG=1 to print stack traces of failures."
    })
final class LeakscopeCommand implements Callable<Integer> {
  /** Read through the parse result by {@link FailureReporter}; declared here to be accepted. */
  @Option(
      names = "--debug",
      hidden = true,
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean debug;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("leakscope: missing command");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_USAGE;
  }
}
