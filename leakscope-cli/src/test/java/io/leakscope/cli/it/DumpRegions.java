package io.leakscope.cli.it;

import io.leakscope.hprof.ClassDump;
import io.leakscope.hprof.HprofFile;
import io.leakscope.hprof.HprofReader;
import io.leakscope.hprof.HprofTag;
import io.leakscope.hprof.HprofVisitor;
import io.leakscope.hprof.ProgressListener;
import io.leakscope.hprof.RecordInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the values a redaction may change lie in a dump, found with the HPROF reader (not the
 * redactor) and, for what the reader does not report, by walking the raw bytes: primitive array
 * contents, instance fields by declaring class and name, the values of primitive static fields, and
 * the texts of UTF8 records that no class, field or stack frame refers to.
 */
final class DumpRegions implements HprofVisitor {
  /** The byte ranges [start, end) of the uncompressed dump, in file order. */
  final List<long[]> arrayContents = new ArrayList<>();

  final List<long[]> hashFields = new ArrayList<>();
  final List<long[]> primitiveFields = new ArrayList<>();
  final List<long[]> primitiveStatics = new ArrayList<>();

  /** Texts of UTF8 records that no class, field or stack frame refers to. */
  final List<long[]> unreferencedNames = new ArrayList<>();

  /** Values of every {@code String.hash} and {@code HashMap$Node.hash}, in file order. */
  final List<Long> hashValues = new ArrayList<>();

  long nonZeroArrayBytes;
  long primitiveArrays;

  private final Map<Long, String> strings = new HashMap<>();
  private final Map<Long, String> classNames = new HashMap<>();
  private final Map<Long, ClassDump> classes = new HashMap<>();
  private final java.util.Set<Long> referencedNames = new java.util.HashSet<>();
  private final int idSize;
  private final byte[] rawBytes;

  private DumpRegions(int idSize, byte[] rawBytes) {
    this.idSize = idSize;
    this.rawBytes = rawBytes;
  }

  /**
   * Reads {@code dump}; {@code rawBytes} is its uncompressed content (for static field positions,
   * which the reader does not report), or null to leave those out.
   */
  static DumpRegions of(Path dump, byte[] rawBytes) {
    try (HprofFile file = HprofFile.open(dump)) {
      DumpRegions regions = new DumpRegions(file.header().idSize(), rawBytes);
      HprofReader.read(file, regions, ProgressListener.NONE, "test");
      if (rawBytes != null) {
        regions.findUnreferencedNames(file.header().length());
      }
      return regions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code position} lies in one of {@code ranges}, sorted by start. */
  static boolean inside(List<long[]> ranges, long position) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long[] r = ranges.get(mid);
      if (position < r[0]) {
        hi = mid - 1;
      } else if (position >= r[1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** Walks the top-level records of the raw bytes for the UTF8 records nothing refers to. */
  private void findUnreferencedNames(int headerLength) {
    int p = headerLength;
    while (p < rawBytes.length) {
      long length = ((long) u2(p + 5) << 16) | u2(p + 7);
      if (rawBytes[p] == HprofTag.UTF8) {
        long id = 0;
        for (int i = 0; i < idSize; i++) {
          id = (id << 8) | (rawBytes[p + 9 + i] & 0xff);
        }
        if (!referencedNames.contains(id)) {
          unreferencedNames.add(new long[] {p + 9 + idSize, p + 9 + length});
        }
      }
      p += 9 + (int) length;
    }
  }

  @Override
  public void stackFrame(
      long frameId,
      long methodNameId,
      long signatureId,
      long sourceFileId,
      int classSerial,
      int line) {
    referencedNames.addAll(List.of(methodNameId, signatureId, sourceFileId));
  }

  @Override
  public void utf8(long id, String text) {
    strings.put(id, text);
  }

  @Override
  public void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId) {
    classNames.put(classId, strings.get(nameId));
    referencedNames.add(nameId);
  }

  @Override
  public void classDump(ClassDump dump, long offset) {
    classes.put(dump.id(), dump);
    for (long id : dump.fieldNameIds()) {
      referencedNames.add(id);
    }
    for (long id : dump.staticNameIds()) {
      referencedNames.add(id);
    }
    if (rawBytes == null) {
      return;
    }
    // tag, class id, serial, 6 ids (super, loader, signers, domain, 2 reserved), instance size
    int p = (int) offset + 1 + idSize + 4 + 6 * idSize + 4;
    if (u2(p) != 0) {
      throw new IllegalStateException("constant pool entries at 0x" + Long.toHexString(offset));
    }
    p += 2;
    int statics = u2(p);
    p += 2;
    for (int i = 0; i < statics; i++) {
      int type = rawBytes[p + idSize];
      p += idSize + 1;
      int size = HprofTag.valueSize(type, idSize);
      if (type != HprofTag.TYPE_OBJECT) {
        primitiveStatics.add(new long[] {p, p + size});
      }
      p += size;
    }
  }

  private int u2(int p) {
    return ((rawBytes[p] & 0xff) << 8) | (rawBytes[p + 1] & 0xff);
  }

  @Override
  public void instanceDump(long id, long classId, long offset, RecordInput in, int fieldBytes)
      throws IOException {
    long p = in.position();
    for (ClassDump c = classes.get(classId); c != null; c = classes.get(c.superId())) {
      String className = classNames.get(c.id());
      for (int i = 0; i < c.fieldTypes().length; i++) {
        int type = c.fieldTypes()[i];
        int size = HprofTag.valueSize(type, idSize);
        String field = strings.get(c.fieldNameIds()[i]);
        long value = in.value(type);
        if (type == HprofTag.TYPE_INT && field.equals("hash")
            || className.equals("java/lang/String") && field.equals("hashIsZero")) {
          hashFields.add(new long[] {p, p + size});
          if (className.equals("java/lang/String") || className.equals("java/util/HashMap$Node")) {
            hashValues.add(value);
          }
        } else if (type != HprofTag.TYPE_OBJECT) {
          primitiveFields.add(new long[] {p, p + size});
        }
        p += size;
      }
    }
  }

  @Override
  public void primitiveArrayDump(long id, int type, int length, long offset, RecordInput in)
      throws IOException {
    long bytes = (long) length * HprofTag.valueSize(type, idSize);
    arrayContents.add(new long[] {in.position(), in.position() + bytes});
    primitiveArrays++;
    for (long i = 0; i < bytes; i++) {
      if (in.u1() != 0) {
        nonZeroArrayBytes++;
      }
    }
  }
}
