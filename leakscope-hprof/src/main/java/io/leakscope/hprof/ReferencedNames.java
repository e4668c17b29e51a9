package io.leakscope.hprof;

import java.io.IOException;
import java.util.Arrays;

/**
 * The UTF8 records a dump's structure refers to: class names (LOAD_CLASS), field and static field
 * names (CLASS_DUMP), and method names, signatures and source files (STACK_FRAME).
 *
 * <p>Design note. HotSpot writes every symbol of its symbol table as a UTF8 record, not only the
 * names of classes, fields and methods: string literals of every loaded class and symbols made at
 * run time (class names looked up by reflection, for instance) are there too, and may be secrets.
 * {@link HprofRedactor} keeps only the referenced ones. They are collected by a first pass with
 * {@link HprofReader} (UTF8 records come before what refers to them); memory is 8 bytes per
 * referenced name, sorted and deduplicated at the end, and a name is looked up by binary search.
 */
final class ReferencedNames implements HprofVisitor {
  private long[] ids = new long[1024];
  private int n;

  private ReferencedNames() {}

  /** Reads the whole dump once and returns the sorted ids of the UTF8 records it refers to. */
  static long[] collect(HprofFile file, ProgressListener progress, String phase)
      throws IOException {
    ReferencedNames names = new ReferencedNames();
    HprofReader.read(file, names, progress, phase);
    long[] sorted = Arrays.copyOf(names.ids, names.n);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, distinct);
  }

  static boolean contains(long[] sortedIds, long id) {
    return Arrays.binarySearch(sortedIds, id) >= 0;
  }

  private void add(long id) {
    if (n == ids.length) {
      ids = Arrays.copyOf(ids, n * 2);
    }
    ids[n++] = id;
  }

  @Override
  public boolean wantsStrings() {
    return false;
  }

  @Override
  public void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId) {
    add(nameId);
  }

  @Override
  public void stackFrame(
      long frameId,
      long methodNameId,
      long signatureId,
      long sourceFileId,
      int classSerial,
      int line) {
    add(methodNameId);
    add(signatureId);
    add(sourceFileId);
  }

  @Override
  public void classDump(ClassDump dump, long offset) {
    for (long id : dump.staticNameIds()) {
      add(id);
    }
    for (long id : dump.fieldNameIds()) {
      add(id);
    }
  }
}
