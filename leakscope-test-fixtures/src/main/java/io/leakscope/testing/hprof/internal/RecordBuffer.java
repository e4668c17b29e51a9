package io.leakscope.testing.hprof.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable in-memory byte buffer with big-endian writes of HPROF values: u1, u2, u4, u8 and
 * identifiers of the dump's id size. Used to assemble a record body whose u4 length has to be known
 * before the body is written. Not thread-safe.
 */
public final class RecordBuffer {
  private final int idSize;
  private byte[] bytes;
  private int size;

  /**
   * @param idSize 4 or 8; identifiers are written in this many bytes (4 keeps the low 32 bits)
   * @param initialCapacity starting capacity in bytes, 0 or more
   */
  public RecordBuffer(int idSize, int initialCapacity) {
    if (idSize != 4 && idSize != 8) {
      throw new IllegalArgumentException("idSize: " + idSize + " (expected: 4 or 8)");
    }
    this.idSize = idSize;
    this.bytes = new byte[Math.max(16, initialCapacity)];
  }

  /** Number of bytes written since creation or the last {@link #reset()}. */
  public int size() {
    return size;
  }

  /** Forgets the content, keeping the capacity. */
  public void reset() {
    size = 0;
  }

  public RecordBuffer u1(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public RecordBuffer u2(int value) {
    ensure(2);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
    return this;
  }

  public RecordBuffer u4(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
    return this;
  }

  public RecordBuffer u8(long value) {
    u4((int) (value >>> 32));
    return u4((int) value);
  }

  /** Writes an identifier in id-size bytes; with 4-byte ids only the low 32 bits are written. */
  public RecordBuffer id(long value) {
    return idSize == 8 ? u8(value) : u4((int) value);
  }

  /** Writes a value of {@code width} bytes (1, 2, 4 or 8), big-endian, from its low bits. */
  public RecordBuffer value(long value, int width) {
    switch (width) {
      case 1:
        return u1((int) value);
      case 2:
        return u2((int) value);
      case 4:
        return u4((int) value);
      case 8:
        return u8(value);
      default:
        throw new IllegalArgumentException("width: " + width + " (expected: 1, 2, 4 or 8)");
    }
  }

  public RecordBuffer bytes(byte[] source) {
    return bytes(source, 0, source.length);
  }

  public RecordBuffer bytes(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
    return this;
  }

  /** Appends the content of another buffer. */
  public RecordBuffer bytes(RecordBuffer other) {
    return bytes(other.bytes, 0, other.size);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    long needed = (long) size + more;
    if (needed <= bytes.length) {
      return;
    }
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "record body of " + needed + " bytes does not fit in memory buffer");
    }
    long grown = Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 8));
    bytes = Arrays.copyOf(bytes, (int) grown);
  }
}
