package io.leakscope.analysis.internal.inspections;

import java.util.Arrays;

/**
 * A growable int array, for ids and positions that would otherwise be boxed in a list.
 *
 * <p>Memory: 4 bytes per element, up to twice that after a growth (the array doubles).
 */
final class IntList {
  private int[] a = new int[16];
  private int size;

  void add(int v) {
    if (size == a.length) {
      a = Arrays.copyOf(a, 2 * size);
    }
    a[size++] = v;
  }

  int get(int i) {
    return a[i];
  }

  void set(int i, int v) {
    a[i] = v;
  }

  int pop() {
    return a[--size];
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return Arrays.copyOf(a, size);
  }
}
