package io.leakscope.analysis.report;

/**
 * Memory outside the Java heap that objects keep alive, as the dump shows it: the native memory of
 * the direct buffers that own their memory (a slice or duplicate shares its owner's and is not
 * counted again), and apart from it the files mapped by mapped buffers (file-backed: the operating
 * system pages them in and out).
 *
 * @param directBytes capacity of the direct buffers that own their memory
 * @param directBuffers how many of them
 * @param mappedBytes capacity of the mapped buffers (file-backed)
 * @param mappedBuffers how many of them
 */
public record NativeMemory(
    long directBytes, long directBuffers, long mappedBytes, long mappedBuffers) {

  /** Nothing outside the heap. */
  public static final NativeMemory NONE = new NativeMemory(0, 0, 0, 0);

  /** Whether there is neither a direct nor a mapped buffer. */
  public boolean isEmpty() {
    return directBuffers == 0 && mappedBuffers == 0;
  }

  /** Both added up. */
  public NativeMemory plus(NativeMemory other) {
    return new NativeMemory(
        directBytes + other.directBytes,
        directBuffers + other.directBuffers,
        mappedBytes + other.mappedBytes,
        mappedBuffers + other.mappedBuffers);
  }
}
