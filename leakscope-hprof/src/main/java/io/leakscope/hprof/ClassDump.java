package io.leakscope.hprof;

/**
 * A CLASS_DUMP sub-record. Arrays are owned by this value; do not modify them.
 *
 * @param id class object address
 * @param superId superclass id, 0 for none
 * @param loaderId class loader id, 0 for the boot loader
 * @param instanceSize instance size as the dump states it (fields at dump sizes; not the JVM size)
 * @param staticNameIds UTF8 ids of static field names
 * @param staticTypes basic types of the static fields
 * @param staticValues static field values as raw bits (references as ids)
 * @param fieldNameIds UTF8 ids of the instance fields declared by this class (not inherited)
 * @param fieldTypes basic types of those fields, in dump order
 */
public record ClassDump(
    long id,
    long superId,
    long loaderId,
    long signersId,
    long protectionDomainId,
    int instanceSize,
    long[] staticNameIds,
    byte[] staticTypes,
    long[] staticValues,
    long[] fieldNameIds,
    byte[] fieldTypes) {}
