package io.leakscope.heap;

import io.leakscope.hprof.HprofTag;

/**
 * One class in a heap dump. Instances of the same class name loaded by different class loaders are
 * different {@code HeapClass}es. Immutable once the index is built.
 */
public final class HeapClass {
  final int index;
  final long address;
  final String name;
  final long loaderAddress;
  int superIndex = -1;
  int objectId = -1;
  final int elementType; // 0 for instance classes
  final String[] fieldNames;
  final byte[] fieldTypes;
  final String[] staticNames;
  final byte[] staticTypes;
  final long[] staticValues;
  // derived once all classes are known
  int instanceSize;
  int dumpInstanceBytes;
  int[] referenceOffsets = new int[0];
  String[] referenceNames = new String[0];

  HeapClass(
      int index,
      long address,
      String name,
      long loaderAddress,
      int elementType,
      String[] fieldNames,
      byte[] fieldTypes,
      String[] staticNames,
      byte[] staticTypes,
      long[] staticValues) {
    this.index = index;
    this.address = address;
    this.name = name;
    this.loaderAddress = loaderAddress;
    this.elementType = elementType;
    this.fieldNames = fieldNames;
    this.fieldTypes = fieldTypes;
    this.staticNames = staticNames;
    this.staticTypes = staticTypes;
    this.staticValues = staticValues;
  }

  /** Index in {@link HeapIndex#heapClass(int)}. */
  public int index() {
    return index;
  }

  /** Address of the class object, or 0 for a class the dump only implies. */
  public long address() {
    return address;
  }

  /** Java-source name: {@code java.util.HashMap$Node}, {@code byte[]}, {@code Foo$$Lambda/0x…}. */
  public String name() {
    return name;
  }

  /** Address of the defining class loader, 0 for the boot loader. */
  public long loaderAddress() {
    return loaderAddress;
  }

  /** Index of the superclass, or -1. */
  public int superIndex() {
    return superIndex;
  }

  /** Object id of the class object ({@code java.lang.Class} instance), or -1. */
  public int objectId() {
    return objectId;
  }

  public boolean isArray() {
    return elementType != 0;
  }

  public boolean isPrimitiveArray() {
    return elementType != 0 && elementType != HprofTag.TYPE_OBJECT;
  }

  /** Basic type of the elements for array classes ({@link HprofTag#TYPE_INT} etc.), else 0. */
  public int elementType() {
    return elementType;
  }

  /** Shallow size of an instance as the JVM lays it out (not meaningful for arrays). */
  public int instanceSize() {
    return instanceSize;
  }

  /** Names of the instance fields this class declares (not inherited), in dump order. */
  public String[] fieldNames() {
    return fieldNames.clone();
  }

  /** Basic types of the declared instance fields, in dump order. */
  public byte[] fieldTypes() {
    return fieldTypes.clone();
  }

  public int staticFieldCount() {
    return staticNames.length;
  }

  public String staticFieldName(int i) {
    return staticNames[i];
  }

  public int staticFieldType(int i) {
    return staticTypes[i];
  }

  /** Raw value bits of static field {@code i} (a reference as an address). */
  public long staticFieldValue(int i) {
    return staticValues[i];
  }

  /** Byte offsets, in an INSTANCE_DUMP's field data, of the reference fields that are followed. */
  int[] referenceOffsets() {
    return referenceOffsets;
  }

  /**
   * {@code DeclaringClass.field} name of the {@code i}-th followed reference field (same order as
   * the references an instance holds).
   */
  public String referenceFieldName(int i) {
    return referenceNames[i];
  }

  public int referenceFieldCount() {
    return referenceNames.length;
  }

  @Override
  public String toString() {
    return name;
  }
}
