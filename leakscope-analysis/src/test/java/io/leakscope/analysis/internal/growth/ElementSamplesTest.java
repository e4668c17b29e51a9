package io.leakscope.analysis.internal.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The samples against brute force: sets of fingerprints whose overlap is known by construction,
 * their samples taken by the rule every dump uses (the smallest distinct ones), and the share of
 * the older set still in the newer one estimated from the two samples alone.
 */
class ElementSamplesTest {

  /** The sample of a set: its {@link ElementSamples#SIZE} smallest, as a dump keeps them. */
  private static List<Long> sampleOf(Set<Long> set) {
    List<Long> out = new ArrayList<>();
    for (long p : new TreeSet<>(set)) {
      if (out.size() == ElementSamples.SIZE) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  private static Set<Long> fresh(Random r, int n) {
    Set<Long> out = new HashSet<>();
    while (out.size() < n) {
      out.add((r.nextLong() >>> 1) | 1);
    }
    return out;
  }

  /** The newer set: {@code kept} of the older set's elements and fresh ones up to {@code size}. */
  private static Set<Long> newer(Random r, Set<Long> older, int kept, int size) {
    List<Long> shuffled = new ArrayList<>(older);
    java.util.Collections.shuffle(shuffled, r);
    Set<Long> out = new HashSet<>(shuffled.subList(0, kept));
    out.addAll(fresh(r, size - kept));
    return out;
  }

  @Test
  void aSetThatKeepsEveryElementKeepsAllAndOneThatKeepsNoneKeepsNone() {
    Random r = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 20 + r.nextInt(5_000);
      Set<Long> older = fresh(r, n);
      // a leak: every element stays, up to half as many more come
      Set<Long> leak = newer(r, older, n, n + r.nextInt(n / 2 + 1));
      assertThat(ElementSamples.survival(sampleOf(older), sampleOf(leak)))
          .as("trial %d, %d elements", trial, n)
          .isEqualTo(1.0);
      // a window: all replaced
      Set<Long> window = newer(r, older, 0, n + r.nextInt(n / 2 + 1));
      assertThat(ElementSamples.survival(sampleOf(older), sampleOf(window)))
          .as("trial %d, %d elements", trial, n)
          .isEqualTo(0.0);
    }
  }

  @Test
  void aPartlyKeptSetIsEstimatedCloseToItsShare() {
    Random r = new Random(11);
    double worst = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 2_000 + r.nextInt(20_000);
      double share = r.nextDouble();
      int kept = (int) Math.round(share * n);
      Set<Long> older = fresh(r, n);
      Set<Long> now = newer(r, older, kept, kept + (int) (n * (0.8 + 0.6 * r.nextDouble())));
      double estimate = ElementSamples.survival(sampleOf(older), sampleOf(now));
      double exact = (double) kept / n;
      if (Double.isNaN(estimate)) {
        // too few of the older sample fall under the newer's bound to answer: only when the
        // newer set is much bigger than the older
        assertThat(now.size()).isGreaterThan(2 * n);
        continue;
      }
      worst = Math.max(worst, Math.abs(estimate - exact));
    }
    // at least 16 answered: a binomial share's error stays well under 0.4 in 300 trials
    assertThat(worst).isLessThan(0.4);
  }

  @Test
  void tooFewIdentifiedElementsGiveNoVerdict() {
    Random r = new Random(3);
    Set<Long> few = fresh(r, ElementSamples.MIN_SAMPLE - 1);
    Set<Long> many = fresh(r, 1_000);
    assertThat(ElementSamples.survival(sampleOf(few), sampleOf(many))).isNaN();
    assertThat(ElementSamples.survival(sampleOf(many), sampleOf(few))).isNaN();
    assertThat(ElementSamples.survival(List.of(), sampleOf(many))).isNaN();
    // small sets are kept whole: every older element can be answered for
    Set<Long> small = fresh(r, 20);
    assertThat(ElementSamples.survival(sampleOf(small), sampleOf(small))).isEqualTo(1.0);
  }

  @Test
  void theSampleOfDisjointSetsTogetherIsMadeFromTheirSamples() {
    Random r = new Random(5);
    for (int trial = 0; trial < 100; trial++) {
      Set<Long> a = fresh(r, 1 + r.nextInt(300));
      Set<Long> b = fresh(r, 1 + r.nextInt(300));
      b.removeAll(a);
      if (b.isEmpty()) {
        continue;
      }
      Set<Long> both = new HashSet<>(a);
      both.addAll(b);
      List<Long> merged = ElementSamples.merge(List.of(array(sampleOf(a)), array(sampleOf(b))));
      assertThat(merged).as("trial %d", trial).isEqualTo(sampleOf(both));
    }
    // a part without a sample: its elements are not accounted for, so neither is the whole
    assertThat(ElementSamples.merge(List.of(array(sampleOf(fresh(r, 50))), new long[0]))).isEmpty();
  }

  private static long[] array(List<Long> list) {
    return list.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void estimatesWithinTheBinomialErrorOnAverage() {
    // the mean error over many trials of one share: no bias from the bound
    Random r = new Random(13);
    double sum = 0;
    int answered = 0;
    for (int trial = 0; trial < 400; trial++) {
      Set<Long> older = fresh(r, 5_000);
      Set<Long> now = newer(r, older, 2_500, 6_000);
      double e = ElementSamples.survival(sampleOf(older), sampleOf(now));
      if (!Double.isNaN(e)) {
        sum += e;
        answered++;
      }
    }
    assertThat(answered).isGreaterThan(390);
    assertThat(sum / answered).isCloseTo(0.5, within(0.03));
  }
}
