package io.leakscope.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request rules with a scripted flag: when the flag is armed, and that it always goes back. */
class G1CycleRequestsTest {

  private final ScriptedFlag flag = new ScriptedFlag();
  private final G1CycleRequests requests = new G1CycleRequests(flag, 60_000);

  @Test
  void armsOnlyWhenReadingsAreWantedAndDisarmsAtThePeriodicPause() {
    assertThat(requests.onCheck(0, false)).isFalse();
    assertThat(flag.writes).isEmpty();

    assertThat(requests.onCheck(10_000, true)).as("the first request").isTrue();
    assertThat(flag.value).isEqualTo(G1CycleRequests.ARMED);
    assertThat(requests.armed()).isTrue();

    requests.onYoungPause("G1 Evacuation Pause");
    assertThat(requests.armed()).as("an ordinary young pause is not the cycle").isTrue();
    assertThat(requests.onCheck(20_000, true)).isFalse();
    assertThat(flag.writes).hasSize(1);

    requests.onYoungPause(G1CycleRequests.PERIODIC_CAUSE);
    assertThat(requests.armed()).isFalse();
    assertThat(flag.value).isEqualTo("0");
    assertThat(requests.cycles()).isEqualTo(1);
    assertThat(requests.requests()).isEqualTo(1);
  }

  @Test
  void asksAtMostOncePerInterval() {
    requests.onCheck(0, true);
    requests.onYoungPause(G1CycleRequests.PERIODIC_CAUSE);
    assertThat(requests.onCheck(59_999, true)).isFalse();
    assertThat(requests.armed()).isFalse();
    assertThat(requests.onCheck(60_000, true)).as("not the first request any more").isFalse();
    assertThat(requests.armed()).isTrue();
    assertThat(requests.requests()).isEqualTo(2);
    assertThat(flag.writes).containsExactly("100", "0", "100");
  }

  @Test
  void givesUpWhenNoCycleStarts() {
    requests.onCheck(0, true);
    requests.onCheck(G1CycleRequests.GIVE_UP_MILLIS - 1, true);
    assertThat(flag.value).isEqualTo(G1CycleRequests.ARMED);
    requests.onCheck(G1CycleRequests.GIVE_UP_MILLIS, true);
    assertThat(flag.value).isEqualTo("0");
    assertThat(requests.cycles()).isZero();
    requests.onYoungPause(G1CycleRequests.PERIODIC_CAUSE);
    assertThat(requests.cycles()).as("a late cycle after giving up is not counted").isZero();
  }

  @Test
  void closePutsTheFlagBackAndStopsAsking() {
    requests.onCheck(0, true);
    requests.close();
    assertThat(flag.value).isEqualTo("0");
    assertThat(requests.onCheck(600_000, true)).isFalse();
    assertThat(flag.writes).containsExactly("100", "0");
  }

  @Test
  void aRefusedFlagStopsTheRequestsQuietly() {
    flag.refuse = true;
    assertThat(requests.onCheck(0, true)).isFalse();
    assertThat(requests.armed()).isFalse();
    flag.refuse = false;
    assertThat(requests.onCheck(600_000, true)).isFalse();
    assertThat(flag.writes).isEmpty();
  }
}
