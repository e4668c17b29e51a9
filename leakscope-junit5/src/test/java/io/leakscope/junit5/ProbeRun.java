package io.leakscope.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The outcome of running one probe class through the Jupiter engine, by test display name. */
final class ProbeRun {

  final EngineExecutionResults results;
  final Map<String, TestExecutionResult> outcomes = new LinkedHashMap<>();

  private ProbeRun(EngineExecutionResults results) {
    this.results = results;
    results.testEvents().finished().stream()
        .forEach(
            event ->
                outcomes.put(
                    event.getTestDescriptor().getDisplayName(),
                    event.getRequiredPayload(TestExecutionResult.class)));
  }

  static ProbeRun of(Class<?> probe) {
    return of(probe, Map.of());
  }

  /** Runs {@code probe} with the given JUnit configuration parameters. */
  static ProbeRun of(Class<?> probe, Map<String, String> configuration) {
    return new ProbeRun(
        EngineTestKit.engine("junit-jupiter")
            .configurationParameters(configuration)
            .selectors(selectClass(probe))
            .execute());
  }

  /** Returns the named test's outcome; fails if it did not run. */
  TestExecutionResult outcome(String displayName) {
    TestExecutionResult outcome = outcomes.get(displayName);
    if (outcome == null) {
      throw new AssertionError("no test " + displayName + " in " + outcomes.keySet());
    }
    return outcome;
  }

  /** Returns the named test's failure message; fails if it passed. */
  String failureMessage(String displayName) {
    return outcome(displayName)
        .getThrowable()
        .orElseThrow(() -> new AssertionError(displayName + " did not fail"))
        .getMessage();
  }
}
