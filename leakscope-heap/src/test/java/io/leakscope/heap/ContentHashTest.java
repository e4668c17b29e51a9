package io.leakscope.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakscope.hprof.ProgressListener;
import io.leakscope.testing.hprof.HeapDumpBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content hashes the index makes during its build: equal arrays (same element type and bytes)
 * hash alike and different ones apart, checked against the arrays' contents as written, whether the
 * hash was made during the build (up to 4 KB) or is read from the dump (longer), and whether the
 * String comes before or after its array in the file.
 */
class ContentHashTest {
  @TempDir Path dir;

  private HeapIndex index(HeapDumpBuilder b) throws IOException {
    Path p = dir.resolve("d" + System.nanoTime() + ".hprof");
    b.writeTo(p);
    return HeapIndex.open(p, ProgressListener.NONE);
  }

  /** An array as written: its element type and bytes, compared by value. */
  private record Content(char type, String bytes) {}

  @Test
  void equalArraysHashAlikeAndDifferentOnesApart() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(3);
    SplittableRandom random = new SplittableRandom(11);
    Map<Long, Content> written = new HashMap<>();
    for (int i = 0; i < 600; i++) {
      // lengths around the 8-byte words and around the 4 KB that the build hashes itself
      int length =
          switch (i % 4) {
            case 0 -> random.nextInt(12);
            case 1 -> ContentHashes.MAX_HASHED_BYTES - 2 + random.nextInt(4);
            case 2 -> 5000 + random.nextInt(3);
            default -> random.nextInt(24);
          };
      // a few patterns per length, some with the last byte flipped: many equal arrays, many near
      // misses
      int pattern = random.nextInt(3);
      boolean flip = random.nextInt(4) == 0;
      if (i % 5 == 0) {
        char[] chars = new char[length / 2];
        for (int k = 0; k < chars.length; k++) {
          chars[k] = (char) (k * (pattern + 1) * 0x0101);
        }
        if (flip && chars.length > 0) {
          chars[chars.length - 1] ^= 1;
        }
        written.put(b.primitiveArray(chars).id(), new Content('C', new String(chars)));
      } else {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
          bytes[k] = (byte) (k * (pattern + 1));
        }
        if (flip && length > 0) {
          bytes[length - 1] ^= 1;
        }
        written.put(
            b.primitiveArray(bytes).id(),
            new Content('B', new String(bytes, StandardCharsets.ISO_8859_1)));
      }
    }
    written.put(b.primitiveArray(new byte[0]).id(), new Content('B', ""));
    written.put(b.primitiveArray(new char[0]).id(), new Content('C', ""));
    try (HeapIndex h = index(b)) {
      List<Integer> ids = new ArrayList<>();
      List<Content> contents = new ArrayList<>();
      for (int i = 0; i < h.objectCount(); i++) {
        Content c = written.get(h.address(i));
        if (c != null) {
          ids.add(i);
          contents.add(c);
        }
      }
      assertThat(ids).hasSize(written.size());
      long[] hashes = new long[ids.size()];
      for (int k = 0; k < hashes.length; k++) {
        hashes[k] = h.contentHash(ids.get(k));
      }
      int equalPairs = 0;
      for (int x = 0; x < hashes.length; x++) {
        assertThat(hashes[x]).isNotZero();
        for (int y = x + 1; y < hashes.length; y++) {
          boolean equal = contents.get(x).equals(contents.get(y));
          equalPairs += equal ? 1 : 0;
          assertThat(hashes[x] == hashes[y])
              .as("arrays %s and %s", ids.get(x), ids.get(y))
              .isEqualTo(equal);
        }
      }
      assertThat(equalPairs).as("the test needs equal arrays").isGreaterThan(100);
      // the hashes survive parking the object data in a temporary file and back
      try (Closeable parked = h.parkObjectData()) {
        assertThat(parked).isNotNull();
      }
      for (int k = 0; k < hashes.length; k++) {
        assertThat(h.contentHash(ids.get(k))).isEqualTo(hashes[k]);
      }
    }
  }

  @Test
  void utf16StringsAreKnownWithoutReadingThem() throws IOException {
    HeapDumpBuilder b = HeapDumpBuilder.create().shuffleObjects(5);
    long latin1 = b.string("plain").id();
    long utf16 = b.string("\u0394elta").id();
    long empty = b.string("").id();
    long notAString = b.primitiveArray("\u0394".toCharArray()).id();
    try (HeapIndex h = index(b)) {
      Map<Long, Boolean> seen = new HashMap<>();
      for (int i = 0; i < h.objectCount(); i++) {
        seen.put(h.address(i), h.isUtf16String(i));
      }
      assertThat(seen.get(latin1)).isFalse();
      assertThat(seen.get(utf16)).isTrue();
      assertThat(seen.get(empty)).isFalse();
      assertThat(seen.get(notAString)).isFalse();
      assertThat(Arrays.asList(seen.values().toArray())).containsOnlyOnce(true);
    }
  }
}
