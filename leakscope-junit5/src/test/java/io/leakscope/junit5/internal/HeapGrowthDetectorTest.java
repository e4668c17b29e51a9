package io.leakscope.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.junit5.internal.HeapGrowthDetector.Growth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeapGrowthDetectorTest {

  private static ClassHistogram histogram(long leak, long noise) {
    return new ClassHistogram(Map.of("Leak", leak, "Noise", noise), leak + noise);
  }

  private static Optional<List<Growth>> detect(ClassHistogram... samples) {
    HeapGrowthDetector detector = new HeapGrowthDetector(1000, samples.length);
    detector.prime(samples[0]);
    for (ClassHistogram sample : samples) {
      detector.record(sample);
    }
    return detector.findSteadyGrowth();
  }

  @Test
  void steadyGrowthNamesOnlyTheClassesThatNeverShrank() {
    Optional<List<Growth>> growth =
        detect(histogram(0, 500), histogram(1000, 900), histogram(2000, 400), histogram(3000, 600));

    assertThat(growth).hasValue(List.of(new Growth("Leak", 0, 3000)));
  }

  @Test
  void classFirstSeenLaterCountsFromZero() {
    ClassHistogram empty = new ClassHistogram(Map.of("Other", 10L), 10);
    ClassHistogram some = new ClassHistogram(Map.of("Other", 10L, "Late", 2000L), 2010);
    ClassHistogram more = new ClassHistogram(Map.of("Other", 10L, "Late", 4000L), 4010);

    assertThat(detect(empty, some, more)).hasValue(List.of(new Growth("Late", 0, 4000)));
  }

  @Test
  void growthThatStopsIsNotSteady() {
    assertThat(detect(histogram(0, 0), histogram(5000, 0), histogram(5000, 0), histogram(5000, 0)))
        .isEmpty();
  }

  @Test
  void steadyGrowthBelowTheToleranceIsIgnored() {
    assertThat(detect(histogram(0, 0), histogram(300, 0), histogram(600, 0), histogram(900, 0)))
        .isEmpty();
  }

  @Test
  void parsesJcmdHistogramText() {
    ClassHistogram parsed =
        ClassHistogram.parse(
            " num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:          1200         96000  [B (java.base@17.0.15)\n"
                + "   2:            10           160  com.example.Entry\n"
                + "Total          1210         96160\n");

    assertThat(parsed.bytesOf("[B")).isEqualTo(96000);
    assertThat(parsed.bytesOf("com.example.Entry")).isEqualTo(160);
    assertThat(parsed.totalBytes()).isEqualTo(96160);
  }

  @Test
  void histogramOfThisJvmCountsLiveStrings() {
    assertThat(ClassHistogram.takeAfterFullGc().bytesOf("java.lang.String")).isPositive();
  }
}
