package io.leakscope.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeakSettingsTest {

  private static final String[] UNSET = {};

  private static LeakSettings resolve(long linger, String[] ignore, Map<String, String> params) {
    return LeakSettings.resolve(linger, ignore, key -> Optional.ofNullable(params.get(key)));
  }

  private static Thread named(String name) {
    return new Thread(() -> {}, name);
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    LeakSettings settings = resolve(LeakSettings.UNSET_LINGER, UNSET, Map.of());

    assertThat(settings.lingerMillis()).isEqualTo(1000);
    assertThat(settings.mode()).isEqualTo(LeakSettings.Mode.FAIL);
    assertThat(settings.warnThreshold()).isEqualTo(1);
    assertThat(settings.failThreshold()).isEqualTo(1);
    assertThat(settings.threadFilter().ignores(named("my-thread"))).isFalse();
  }

  @Test
  void parametersApplyWhenTheAnnotationLeavesThemUnset() {
    LeakSettings settings =
        resolve(
            LeakSettings.UNSET_LINGER,
            UNSET,
            Map.of(
                "leakscope.linger.millis", " 250 ",
                "leakscope.ignore.threads", "a-.*,,b",
                "leakscope.mode", "REPORT",
                "leakscope.warn.threshold", "2",
                "leakscope.fail.threshold", "4"));

    assertThat(settings.lingerMillis()).isEqualTo(250);
    assertThat(settings.threadFilter().ignores(named("a-1"))).isTrue();
    assertThat(settings.threadFilter().ignores(named("b"))).isTrue();
    assertThat(settings.mode()).isEqualTo(LeakSettings.Mode.REPORT);
    assertThat(settings.warnThreshold()).isEqualTo(2);
    assertThat(settings.failThreshold()).isEqualTo(4);
  }

  @Test
  void explicitAnnotationValuesWin() {
    LeakSettings settings =
        resolve(
            0,
            new String[] {"mine"},
            Map.of("leakscope.linger.millis", "250", "leakscope.ignore.threads", "theirs"));

    assertThat(settings.lingerMillis()).isZero();
    assertThat(settings.threadFilter().ignores(named("mine"))).isTrue();
    assertThat(settings.threadFilter().ignores(named("theirs"))).isFalse();
  }

  private static String errorFor(String parameter, String value) {
    try {
      resolve(LeakSettings.UNSET_LINGER, UNSET, Map.of(parameter, value));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError(parameter + "=" + value + " accepted");
  }

  @Test
  void badValuesNameTheKnobAndTheAllowedRange() {
    assertThatThrownBy(() -> resolve(-5, UNSET, Map.of()))
        .hasMessage("@CheckLeaks lingerMillis: -5 (expected: 0+)");
    assertThat(errorFor("leakscope.linger.millis", "x"))
        .isEqualTo("leakscope.linger.millis: \"x\" (expected: a whole number of milliseconds, 0+)");
    assertThat(errorFor("leakscope.linger.millis", "-1"))
        .isEqualTo("leakscope.linger.millis: -1 (expected: 0+)");
    assertThat(errorFor("leakscope.fail.threshold", "0"))
        .isEqualTo("leakscope.fail.threshold: 0 (expected: 1+)");
    assertThat(errorFor("leakscope.warn.threshold", "many"))
        .isEqualTo("leakscope.warn.threshold: \"many\" (expected: 1+)");
    assertThat(errorFor("leakscope.ignore.threads", "ok,("))
        .startsWith("leakscope.ignore.threads[1]: \"(\" is not a regular expression");
  }
}
