package io.leakscope.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

import io.leakscope.junit5.probe.TrackedResourceProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LeakTrackerTest {

  @AfterAll
  static void releaseWhatTheProbeHeld() {
    TrackedResourceProbe.held = null;
  }

  @Test
  void resourceLeftOpenFailsTheTestWithItsCreationStack() {
    ProbeRun run = ProbeRun.of(TrackedResourceProbe.class);

    assertThat(run.failureMessage("leavesResourceOpen()"))
        .startsWith(
            "1 resource tracked during test leavesResourceOpen() was not closed\n"
                + "  test id: [engine:junit-jupiter]/[class:"
                + TrackedResourceProbe.class.getName()
                + "]/[method:leavesResourceOpen()]\n")
        .contains(
            "socket to test-db (still open), created\n      at "
                + TrackedResourceProbe.class.getName()
                + ".leavesResourceOpen(TrackedResourceProbe.java:")
        .doesNotContain("at io.leakscope.junit5.LeakTracker")
        .doesNotContain("io.leakscope.junit5.internal.");
  }

  @Test
  void closedResourcesPass() {
    ProbeRun run = ProbeRun.of(TrackedResourceProbe.class);

    assertThat(run.outcome("closesItsResource()").getStatus()).isEqualTo(SUCCESSFUL);
    assertThat(run.outcome("tracksResourceClosedByAfterEach()").getStatus()).isEqualTo(SUCCESSFUL);
  }

  @Test
  void resourceCollectedWithoutClosingFailsTheTest() {
    ProbeRun run = ProbeRun.of(TrackedResourceProbe.class);

    // The probe itself fails differently if the tracked handle could not be collected.
    assertThat(run.failureMessage("dropsResourceUnclosed()"))
        .startsWith("1 resource tracked during test dropsResourceUnclosed() was not closed")
        .contains("dropped handle (garbage-collected without being closed), created\n")
        .contains("at " + TrackedResourceProbe.Handle.class.getName() + ".<init>(")
        .contains(".dropsResourceUnclosed(TrackedResourceProbe.java:");
  }

  @Test
  void outsideCheckedTestsTrackingRecordsNothing() {
    Object resource = new Object();

    assertThat(LeakTracker.track(resource)).isSameAs(resource);
    LeakTracker.closed(resource);
    LeakTracker.closed(null);
  }
}
