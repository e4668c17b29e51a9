package io.leakscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.analysis.report.AnalysisReport;
import io.leakscope.analysis.report.DominatorEntry;
import io.leakscope.analysis.report.HistogramRow;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapAnalyzerTest {
  @TempDir Path dir;

  private AnalysisReport analyze(HeapDumpBuilder b, int top) throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return HeapAnalyzer.analyze(p, new AnalysisOptions(top), ProgressListener.NONE);
  }

  private static DominatorEntry find(AnalysisReport r, long address) {
    return r.dominators().stream()
        .filter(d -> d.objectId().equals("0x" + Long.toHexString(address)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("0x" + Long.toHexString(address) + " not in " + r.dominators()));
  }

  @Test
  void staticallyHeldStructureRetainsExactlyItsObjectsAndHasAReadablePath() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(11);
    ClassHandle holder = b.defineClass("a.Holder", b.objectClass(), FieldSpec.ref("items"));
    ClassHandle item =
        b.defineClass(
            "a.Item", b.objectClass(), FieldSpec.ref("payload"), FieldSpec.of("n", int.class));
    ClassHandle registry = b.defineClass("a.Registry", b.objectClass());
    long expected = 0;
    long[] items = new long[20];
    for (int i = 0; i < items.length; i++) {
      HeapDumpBuilder.ArrayObject payload = b.primitiveArray(new byte[100 + i]);
      HeapDumpBuilder.Instance it = b.instance(item, payload.id(), i);
      items[i] = it.id();
      expected += payload.shallowSize() + it.shallowSize();
    }
    HeapDumpBuilder.ArrayObject array = b.objectArray(item, items);
    HeapDumpBuilder.Instance h = b.instance(holder, array.id());
    expected += array.shallowSize() + h.shallowSize();
    registry.staticField(FieldSpec.ref("sessions"), h.id());
    b.stickyClass(registry);
    // classes are kept alive by their loader in a real JVM; here by sticky roots
    b.stickyClass(holder);
    b.stickyClass(item);
    b.stickyClass(b.arrayClass(item));
    // a bigger unrelated structure, also reachable
    long big = b.primitiveArray(new long[5000]).id();
    b.root(HprofTag.ROOT_JNI_GLOBAL, big);

    AnalysisReport r = analyze(b, 50);
    DominatorEntry e = find(r, h.id());
    assertThat(e.retainedBytes()).isEqualTo(expected);
    assertThat(e.className()).isEqualTo("a.Holder");
    assertThat(e.pathFromGcRoot()).containsExactly("static a.Registry.sessions");
    DominatorEntry arr = find(r, array.id());
    assertThat(arr.pathFromGcRoot())
        .containsExactly("static a.Registry.sessions", "a.Holder.items");
    assertThat(r.dominators().get(0).className()).isEqualTo("long[]");
    HistogramRow itemRow =
        r.histogram().stream()
            .filter(x -> x.className().equals("a.Item"))
            .findFirst()
            .orElseThrow();
    assertThat(itemRow.instances()).isEqualTo(20);
    assertThat(itemRow.retainedBytes()).isEqualTo(expected - array.shallowSize() - h.shallowSize());
  }

  @Test
  void arrayElementsAndThreadLocalsAppearInPaths() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    ClassHandle item = b.defineClass("a.Item", b.objectClass(), FieldSpec.ref("payload"));
    long payload = b.primitiveArray(new byte[4096]).id();
    long it = b.instance(item, payload).id();
    long arr = b.objectArray(item, 0L, 0L, 0L, it).id();
    b.thread("worker-1").frame(item, "run", "()V", "Item.java", 42, arr);
    AnalysisReport r = analyze(b, 20);
    assertThat(find(r, payload).pathFromGcRoot())
        .containsExactly("thread worker-1 local", "a.Item[3]", "a.Item.payload");
  }

  @Test
  void weaklyReferencedObjectsAreNotRetainedAndCountAsUnreachable() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create();
    HeapDumpBuilder.ArrayObject cached = b.primitiveArray(new byte[10_000]);
    long weak = b.instance(b.weakReferenceClass()).set("referent", cached.id()).id();
    b.root(HprofTag.ROOT_JNI_GLOBAL, weak);
    AnalysisReport r = analyze(b, 100);
    assertThat(r.dump().unreachableBytes()).isGreaterThanOrEqualTo(cached.shallowSize());
    List<String> ids = r.dominators().stream().map(DominatorEntry::objectId).toList();
    assertThat(ids).doesNotContain("0x" + Long.toHexString(cached.id()));
    assertThat(find(r, weak).retainedBytes()).isLessThan(cached.shallowSize());
  }
}
