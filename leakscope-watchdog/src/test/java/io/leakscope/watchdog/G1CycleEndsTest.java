package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link G1CycleEnds} on scripted counters: which young pause comes first after a cycle's end. */
class G1CycleEndsTest {
  private final Map<String, Long> counters = new HashMap<>();
  private final G1CycleEnds ends;

  G1CycleEndsTest() {
    set(0, 0, 3, 300);
    ends = new G1CycleEnds(name -> counters.getOrDefault(name, -1L));
  }

  private void set(long cyclePauses, long cycleExit, long youngPauses, long youngEntry) {
    counters.put(G1CycleEnds.CYCLE_PAUSES, cyclePauses);
    counters.put(G1CycleEnds.CYCLE_PAUSE_EXIT, cycleExit);
    counters.put(G1CycleEnds.YOUNG_PAUSES, youngPauses);
    counters.put(G1CycleEnds.YOUNG_PAUSE_ENTRY, youngEntry);
  }

  @Test
  void noCycleNoEnd() {
    set(0, 0, 4, 400);
    assertThat(ends.endedBefore(4)).isFalse();
  }

  @Test
  void theFirstYoungPauseAfterRemarkAndCleanupIsTheOne() {
    // young pause 4 starts the cycle; Remark and Cleanup end at 450; young pause 5 begins at 500
    set(0, 0, 4, 400);
    assertThat(ends.endedBefore(4)).isFalse();
    set(2, 450, 5, 500);
    assertThat(ends.endedBefore(5)).isTrue();
    // only once per cycle
    set(2, 450, 6, 600);
    assertThat(ends.endedBefore(6)).isFalse();
  }

  @Test
  void aLateNotificationWaitsForTheNextPauseThatBeganAfterTheCycle() {
    // the notification of pause 4 is handled after the cycle ended (at 450) and pause 5 ran
    set(2, 450, 5, 500);
    assertThat(ends.endedBefore(4)).as("pause 4 began before the cycle ended").isFalse();
    assertThat(ends.endedBefore(5)).isTrue();
  }

  @Test
  void aCycleEndingAfterThePauseBeganIsNotBeforeIt() {
    // handled while pause 4 is the latest, but the cycle's pauses ended after it began
    set(2, 450, 4, 400);
    assertThat(ends.endedBefore(4)).isFalse();
    set(2, 450, 5, 500);
    assertThat(ends.endedBefore(5)).isTrue();
  }
}
