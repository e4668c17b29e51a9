package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakscope.heap.internal.AddressIndex;
import io.leakscope.heap.internal.ParkedArrays;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EdgeWriterTest {
  /** One object of a generated pass: its references, some null and some to no object. */
  private record Obj(long[] refs) {}

  @Test
  void writesWhatLookingUpEachReferenceInTurnWrites() throws IOException {
    Random r = new Random(11);
    for (int round = 0; round < 300; round++) {
      int n = 1 + r.nextInt(300);
      long[] addresses = new long[n];
      Map<Long, Integer> idOf = new HashMap<>();
      for (int i = 0; i < n; i++) {
        long a;
        do {
          a = 0x7_0000_0000L + 16L * r.nextInt(1 << 16);
        } while (idOf.containsKey(a));
        addresses[i] = a;
        idOf.put(a, i);
      }
      List<Obj> objects = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // mostly none to a few references; now and then an array longer than several batches
        int refs = r.nextInt(10) == 0 ? r.nextInt(60) : r.nextInt(4);
        long[] out = new long[refs];
        for (int k = 0; k < refs; k++) {
          int kind = r.nextInt(10);
          out[k] =
              kind == 0
                  ? 0 // null
                  : kind == 1
                      ? addresses[r.nextInt(n)] + 8 // between objects: missing
                      : addresses[r.nextInt(n)];
        }
        objects.add(new Obj(out));
      }
      // the oracle: each reference looked up as it comes
      List<Integer> starts = new ArrayList<>();
      List<Integer> targets = new ArrayList<>();
      long missing = 0;
      for (Obj o : objects) {
        starts.add(targets.size());
        for (long a : o.refs) {
          if (a == 0) {
            continue;
          }
          Integer t = idOf.get(a);
          if (t == null) {
            missing++;
          } else {
            targets.add(t);
          }
        }
      }
      starts.add(targets.size());

      boolean parallel = round % 2 == 0;
      int batch = 1 + r.nextInt(round % 3 == 0 ? 4 : 40);
      AddressIndex index = new AddressIndex(addresses.clone());
      try (ParkedArrays.Appender s = ParkedArrays.appender(n + 1);
          ParkedArrays.Appender t = ParkedArrays.appender(1 << 16)) {
        int[] highSteps;
        long gotMissing;
        try (EdgeWriter w = new EdgeWriter(index, s, t, parallel, batch)) {
          for (Obj o : objects) {
            w.startObject();
            for (long a : o.refs) {
              w.ref(a);
            }
          }
          highSteps = w.finish();
          gotMissing = w.missing();
        }
        String what =
            "round " + round + (parallel ? ", parallel" : ", inline") + ", batch " + batch;
        assertThat(highSteps).isEmpty();
        assertThat(gotMissing).as(what).isEqualTo(missing);
        try (ParkedArrays ps = s.finish();
            ParkedArrays pt = t.finish()) {
          assertThat(ps.read(0)).as(what).containsExactly(ints(starts));
          assertThat(pt.read(0)).as(what).containsExactly(ints(targets));
        }
      }
    }
  }

  @Test
  void anErrorOfTheSecondThreadReachesThePassAndEndsTheThread() throws IOException {
    long[] addresses = {16, 32, 48};
    AddressIndex index = new AddressIndex(addresses.clone());
    try (ParkedArrays.Appender s = ParkedArrays.appender(1000);
        ParkedArrays.Appender t = ParkedArrays.appender(5)) { // room for 5 targets only
      EdgeWriter w = new EdgeWriter(index, s, t, true, 2);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  w.startObject();
                  w.ref(addresses[i % 3]);
                }
                w.finish();
              })
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("more than 5 elements");
      w.close();
      assertThat(w.running()).isFalse();
    }
  }

  @Test
  void closingBeforeTheEndStopsTheSecondThread() throws IOException {
    long[] addresses = {16, 32, 48};
    AddressIndex index = new AddressIndex(addresses.clone());
    try (ParkedArrays.Appender s = ParkedArrays.appender(1000);
        ParkedArrays.Appender t = ParkedArrays.appender(1000)) {
      EdgeWriter w = new EdgeWriter(index, s, t, true, 4);
      for (int i = 0; i < 50; i++) { // as a pass that fails half way would have
        w.startObject();
        w.ref(addresses[i % 3]);
      }
      assertThat(w.running()).isTrue();
      w.close();
      assertThat(w.running()).isFalse();
      w.close(); // harmless twice
    }
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
