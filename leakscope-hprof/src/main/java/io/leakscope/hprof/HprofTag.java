package io.leakscope.hprof;

import org.jspecify.annotations.Nullable;

/** Record tags of the HPROF format: top-level records and heap-dump sub-records. */
public final class HprofTag {
  private HprofTag() {}

  // top-level records
  public static final int UTF8 = 0x01;
  public static final int LOAD_CLASS = 0x02;
  public static final int UNLOAD_CLASS = 0x03;
  public static final int STACK_FRAME = 0x04;
  public static final int STACK_TRACE = 0x05;
  public static final int ALLOC_SITES = 0x06;
  public static final int HEAP_SUMMARY = 0x07;
  public static final int START_THREAD = 0x0A;
  public static final int END_THREAD = 0x0B;
  public static final int HEAP_DUMP = 0x0C;
  public static final int CPU_SAMPLES = 0x0D;
  public static final int CONTROL_SETTINGS = 0x0E;
  public static final int HEAP_DUMP_SEGMENT = 0x1C;
  public static final int HEAP_DUMP_END = 0x2C;

  // heap-dump sub-records: GC roots
  public static final int ROOT_UNKNOWN = 0xFF;
  public static final int ROOT_JNI_GLOBAL = 0x01;
  public static final int ROOT_JNI_LOCAL = 0x02;
  public static final int ROOT_JAVA_FRAME = 0x03;
  public static final int ROOT_NATIVE_STACK = 0x04;
  public static final int ROOT_STICKY_CLASS = 0x05;
  public static final int ROOT_THREAD_BLOCK = 0x06;
  public static final int ROOT_MONITOR_USED = 0x07;
  public static final int ROOT_THREAD_OBJECT = 0x08;
  // Android extensions
  public static final int ROOT_INTERNED_STRING = 0x89;
  public static final int ROOT_FINALIZING = 0x8A;
  public static final int ROOT_DEBUGGER = 0x8B;
  public static final int ROOT_REFERENCE_CLEANUP = 0x8C;
  public static final int ROOT_VM_INTERNAL = 0x8D;
  public static final int ROOT_JNI_MONITOR = 0x8E;
  public static final int ROOT_UNREACHABLE = 0x90;
  public static final int HEAP_DUMP_INFO = 0xFE;
  public static final int PRIMITIVE_ARRAY_NODATA = 0xC3;

  // heap-dump sub-records: objects
  public static final int CLASS_DUMP = 0x20;
  public static final int INSTANCE_DUMP = 0x21;
  public static final int OBJ_ARRAY_DUMP = 0x22;
  public static final int PRIM_ARRAY_DUMP = 0x23;

  // basic types used in field descriptors and primitive arrays
  public static final int TYPE_OBJECT = 2;
  public static final int TYPE_BOOLEAN = 4;
  public static final int TYPE_CHAR = 5;
  public static final int TYPE_FLOAT = 6;
  public static final int TYPE_DOUBLE = 7;
  public static final int TYPE_BYTE = 8;
  public static final int TYPE_SHORT = 9;
  public static final int TYPE_INT = 10;
  public static final int TYPE_LONG = 11;

  /** Size in bytes of a value of basic type {@code type} in the dump, or -1 if unknown. */
  public static int valueSize(int type, int idSize) {
    switch (type) {
      case TYPE_OBJECT:
        return idSize;
      case TYPE_BOOLEAN:
      case TYPE_BYTE:
        return 1;
      case TYPE_CHAR:
      case TYPE_SHORT:
        return 2;
      case TYPE_FLOAT:
      case TYPE_INT:
        return 4;
      case TYPE_DOUBLE:
      case TYPE_LONG:
        return 8;
      default:
        return -1;
    }
  }

  /** Java-source name of a primitive basic type ({@code "int"}), or null for objects/unknown. */
  public static @Nullable String primitiveName(int type) {
    switch (type) {
      case TYPE_BOOLEAN:
        return "boolean";
      case TYPE_CHAR:
        return "char";
      case TYPE_FLOAT:
        return "float";
      case TYPE_DOUBLE:
        return "double";
      case TYPE_BYTE:
        return "byte";
      case TYPE_SHORT:
        return "short";
      case TYPE_INT:
        return "int";
      case TYPE_LONG:
        return "long";
      default:
        return null;
    }
  }

  private static final String DESCRIPTORS = "ZCFDBSIJ";
  private static final int[] DESCRIPTOR_TYPES = {
    TYPE_BOOLEAN, TYPE_CHAR, TYPE_FLOAT, TYPE_DOUBLE, TYPE_BYTE, TYPE_SHORT, TYPE_INT, TYPE_LONG
  };

  /**
   * Basic type of a primitive JVM descriptor character ({@code 'I'} → {@link #TYPE_INT}), or -1.
   */
  public static int typeOfDescriptor(char descriptor) {
    int i = DESCRIPTORS.indexOf(descriptor);
    return i < 0 ? -1 : DESCRIPTOR_TYPES[i];
  }

  /** JVM descriptor character of a primitive basic type ({@link #TYPE_INT} → {@code 'I'}), or 0. */
  public static char descriptorOf(int type) {
    for (int i = 0; i < DESCRIPTOR_TYPES.length; i++) {
      if (DESCRIPTOR_TYPES[i] == type) {
        return DESCRIPTORS.charAt(i);
      }
    }
    return 0;
  }

  /** Name of a top-level record tag for error messages. */
  public static String recordName(int tag) {
    switch (tag) {
      case UTF8:
        return "UTF8";
      case LOAD_CLASS:
        return "LOAD_CLASS";
      case UNLOAD_CLASS:
        return "UNLOAD_CLASS";
      case STACK_FRAME:
        return "STACK_FRAME";
      case STACK_TRACE:
        return "STACK_TRACE";
      case START_THREAD:
        return "START_THREAD";
      case END_THREAD:
        return "END_THREAD";
      case HEAP_DUMP:
        return "HEAP_DUMP";
      case HEAP_DUMP_SEGMENT:
        return "HEAP_DUMP_SEGMENT";
      case HEAP_DUMP_END:
        return "HEAP_DUMP_END";
      default:
        return String.format("record 0x%02X", tag);
    }
  }

  /** Name of a heap-dump sub-record tag for error messages. */
  public static String subRecordName(int tag) {
    switch (tag) {
      case ROOT_UNKNOWN:
        return "ROOT_UNKNOWN";
      case ROOT_JNI_GLOBAL:
        return "ROOT_JNI_GLOBAL";
      case ROOT_JNI_LOCAL:
        return "ROOT_JNI_LOCAL";
      case ROOT_JAVA_FRAME:
        return "ROOT_JAVA_FRAME";
      case ROOT_NATIVE_STACK:
        return "ROOT_NATIVE_STACK";
      case ROOT_STICKY_CLASS:
        return "ROOT_STICKY_CLASS";
      case ROOT_THREAD_BLOCK:
        return "ROOT_THREAD_BLOCK";
      case ROOT_MONITOR_USED:
        return "ROOT_MONITOR_USED";
      case ROOT_THREAD_OBJECT:
        return "ROOT_THREAD_OBJECT";
      case CLASS_DUMP:
        return "CLASS_DUMP";
      case INSTANCE_DUMP:
        return "INSTANCE_DUMP";
      case OBJ_ARRAY_DUMP:
        return "OBJ_ARRAY_DUMP";
      case PRIM_ARRAY_DUMP:
        return "PRIM_ARRAY_DUMP";
      default:
        return String.format("sub-record 0x%02X", tag);
    }
  }
}
