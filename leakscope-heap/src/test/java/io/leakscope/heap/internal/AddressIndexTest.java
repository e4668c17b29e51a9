package io.leakscope.heap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressIndexTest {
  @Test
  void findsEveryAddressAndNothingElseOnRandomHeaps() {
    Random r = new Random(7);
    for (int round = 0; round < 200; round++) {
      int n = r.nextInt(2000);
      boolean aligned = r.nextBoolean();
      boolean wide = round % 10 == 0; // forces the unpacked fallback
      long[] a = new long[n];
      Map<Long, Integer> oracle = new HashMap<>();
      for (int i = 0; i < n; i++) {
        long addr;
        do {
          addr =
              wide
                  ? r.nextLong()
                  : 0x7_0000_0000L + (aligned ? 8L * r.nextInt(1 << 20) : r.nextInt(1 << 24));
        } while (oracle.containsKey(addr));
        a[i] = addr;
        oracle.put(addr, i);
      }
      AddressIndex index = new AddressIndex(a.clone()); // it takes the array over
      for (int i = 0; i < n; i++) {
        assertThat(index.find(a[i])).as("round %d object %d", round, i).isEqualTo(i);
      }
      long[] probes = new long[200 + n];
      for (int k = 0; k < 200; k++) {
        long probe = wide ? r.nextLong() : 0x7_0000_0000L + r.nextInt(1 << 24) - 50;
        assertThat(index.find(probe)).isEqualTo(oracle.getOrDefault(probe, -1));
        probes[k] = probe;
      }
      // the batched lookup: every address, and as many that may or may not be one, mixed
      System.arraycopy(a, 0, probes, 200, n);
      for (int k = probes.length - 1; k > 0; k--) {
        int j = r.nextInt(k + 1);
        long t = probes[k];
        probes[k] = probes[j];
        probes[j] = t;
      }
      int count = r.nextInt(probes.length + 1);
      int[] ids = new int[count];
      int[] scratch = new int[count];
      index.findAll(probes, count, ids, scratch);
      for (int k = 0; k < count; k++) {
        assertThat(ids[k])
            .as("round %d probe %d", round, k)
            .isEqualTo(oracle.getOrDefault(probes[k], -1));
      }
      long prev = Long.MIN_VALUE;
      for (int k = 0; k < n; k++) {
        assertThat(index.addressAtRank(k)).isGreaterThan(prev);
        prev = index.addressAtRank(k);
        assertThat(a[index.idAtRank(k)]).isEqualTo(prev);
      }
    }
  }
}
