package io.leakscope.testing.hprof;

import io.leakscope.hprof.HprofTag;
import io.leakscope.testing.hprof.HeapDumpBuilder.ClassHandle;
import io.leakscope.testing.hprof.HeapDumpBuilder.Dumpable;
import io.leakscope.testing.hprof.HeapDumpBuilder.Frame;
import io.leakscope.testing.hprof.HeapDumpBuilder.StaticValue;
import io.leakscope.testing.hprof.HeapDumpBuilder.ThreadHandle;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link HeapDumpBuilder}'s content in HotSpot's record order: all UTF8 names, LOAD_CLASS
 * records, the empty dummy stack trace, each thread's STACK_FRAMEs and STACK_TRACE, then the heap
 * dump: class dumps, GC roots, thread roots, then instances and arrays.
 */
final class HeapDumpBuilderOutput {
  private final HeapDumpBuilder builder;
  private HprofWriter writer;
  private long subRecords;

  HeapDumpBuilderOutput(HeapDumpBuilder builder) {
    this.builder = builder;
  }

  void write(OutputStream out) throws IOException {
    writer = HprofWriter.open(out, builder.version(), builder.idSize(), builder.timestampMillis());
    for (Map.Entry<String, Long> name : builder.names().entrySet()) {
      writer.writeUtf8(name.getValue(), name.getKey());
    }
    for (ClassHandle c : builder.classes()) {
      long nameId = builder.names().get(c.dumpName());
      writer.writeLoadClass(c.serial(), c.id(), HeapDumpBuilder.DUMMY_STACK_TRACE_SERIAL, nameId);
    }
    writer.writeStackTrace(HeapDumpBuilder.DUMMY_STACK_TRACE_SERIAL, 0);
    for (ThreadHandle t : builder.threads()) {
      long[] frameIds = new long[t.frames().size()];
      for (int i = 0; i < frameIds.length; i++) {
        Frame f = t.frames().get(i);
        frameIds[i] = f.frameId();
        writer.writeStackFrame(
            f.frameId(),
            f.methodNameId(),
            f.signatureId(),
            f.sourceFileId(),
            f.classSerial(),
            f.line());
      }
      writer.writeStackTrace(t.stackTraceSerial(), t.serial(), frameIds);
    }

    writer.beginHeapDump(builder.segmented());
    for (ClassHandle c : builder.classes()) {
      writeClassDump(c);
      counted();
    }
    for (long[] root : builder.roots()) {
      writeRoot((int) root[0], root[1], root[2], root[3]);
      counted();
    }
    for (ThreadHandle t : builder.threads()) {
      writer.writeRootThreadObject(t.id(), t.serial(), t.stackTraceSerial());
      counted();
      for (int depth = 0; depth < t.frames().size(); depth++) {
        for (long local : t.frames().get(depth).locals()) {
          writer.writeRootJavaFrame(local, t.serial(), depth);
          counted();
        }
      }
    }
    for (Dumpable object : builder.objectsInWriteOrder()) {
      object.writeTo(writer);
      counted();
    }
    writer.endHeapDump();
    writer.flush();
  }

  private void counted() throws IOException {
    if (++subRecords % builder.objectsPerSegment() == 0) {
      writer.endSegment();
    }
  }

  private void writeClassDump(ClassHandle c) throws IOException {
    List<HprofWriter.StaticField> statics = new ArrayList<>();
    for (StaticValue s : c.staticValues) {
      long nameId = builder.names().get(s.field().name());
      statics.add(new HprofWriter.StaticField(nameId, s.field().type(), s.bits()));
    }
    List<HprofWriter.FieldDescriptor> fields = new ArrayList<>();
    for (HeapDumpBuilder.FieldSpec f : c.declaredFields()) {
      fields.add(new HprofWriter.FieldDescriptor(builder.names().get(f.name()), f.type()));
    }
    long superId = c.superclass() == null ? 0 : c.superclass().id();
    int instanceSize = c.elementType == 0 ? c.dumpInstanceSize() : 0;
    writer.writeClassDump(
        c.id(),
        HeapDumpBuilder.DUMMY_STACK_TRACE_SERIAL,
        superId,
        c.classLoaderId(),
        instanceSize,
        statics,
        fields);
  }

  private void writeRoot(int kind, long id, long a, long b) throws IOException {
    switch (kind) {
      case HprofTag.ROOT_UNKNOWN -> writer.writeRootUnknown(id);
      case HprofTag.ROOT_JNI_GLOBAL -> writer.writeRootJniGlobal(id, a);
      case HprofTag.ROOT_JNI_LOCAL -> writer.writeRootJniLocal(id, (int) a, (int) b);
      case HprofTag.ROOT_JAVA_FRAME -> writer.writeRootJavaFrame(id, (int) a, (int) b);
      case HprofTag.ROOT_NATIVE_STACK -> writer.writeRootNativeStack(id, (int) a);
      case HprofTag.ROOT_STICKY_CLASS -> writer.writeRootStickyClass(id);
      case HprofTag.ROOT_THREAD_BLOCK -> writer.writeRootThreadBlock(id, (int) a);
      case HprofTag.ROOT_MONITOR_USED -> writer.writeRootMonitorUsed(id);
      case HprofTag.ROOT_THREAD_OBJECT -> writer.writeRootThreadObject(id, (int) a, (int) b);
      default -> throw new IllegalStateException("root kind 0x" + Integer.toHexString(kind));
    }
  }
}
