package io.leakscope.junit5.probe;

import io.leakscope.junit5.CheckLeaks;
import org.junit.jupiter.api.RepeatedTest;

/** Twenty empty tests with the check, to compare with {@link EmptyTestsProbe}. */
@CheckLeaks
public class CheckedEmptyTestsProbe {

  @RepeatedTest(20)
  void nothing() {}
}
