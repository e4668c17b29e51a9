package io.leakscope.testing.hprof.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out heap addresses for test dumps: a bump pointer advancing by each object's size, plus
 * explicitly chosen addresses. Keeps every address handed out (a boxed set: fine for test-sized
 * dumps) to reject duplicates. Not thread-safe.
 */
public final class AddressSpace {
  private final int alignment;
  private final boolean thirtyTwoBit;
  private final Set<Long> used = new HashSet<>();
  private long next;

  /**
   * @param base first address; rounded up to {@code alignment}
   * @param alignment object alignment, a power of two
   * @param idSize 4 restricts addresses to 32 bits
   */
  public AddressSpace(long base, int alignment, int idSize) {
    this.alignment = alignment;
    this.thirtyTwoBit = idSize == 4;
    this.next = FieldPacking.alignUp(base, alignment);
  }

  /**
   * Address for an object of {@code size} bytes: {@code explicit} if non-zero (the bump pointer
   * then continues after it if it lies at or above the pointer), else the bump pointer.
   *
   * @throws IllegalArgumentException if the address was handed out before or does not fit 32 bits
   */
  public long allocate(long size, long explicit) {
    long address = explicit != 0 ? explicit : next;
    String hex = "address 0x" + Long.toHexString(address);
    if (thirtyTwoBit && (address >>> 32) != 0) {
      throw new IllegalArgumentException(hex + " does not fit 4-byte ids");
    }
    if (!used.add(address)) {
      throw new IllegalArgumentException(hex + " already used");
    }
    if (Long.compareUnsigned(address, next) >= 0) {
      next = FieldPacking.alignUp(address + size, alignment);
    }
    return address;
  }
}
