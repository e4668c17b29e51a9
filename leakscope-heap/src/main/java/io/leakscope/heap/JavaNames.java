package io.leakscope.heap;

import io.leakscope.hprof.HprofTag;

/** Converts JVM internal class names to the Java-source form used in every report. */
public final class JavaNames {
  private JavaNames() {}

  /**
   * {@code java/util/HashMap$Node} → {@code java.util.HashMap$Node}; {@code [I} → {@code int[]};
   * {@code [[Ljava/lang/String;} → {@code java.lang.String[][]}; hidden classes {@code
   * Foo$$Lambda+0x0000000800c01234} → {@code Foo$$Lambda/0x0000000800c01234} (as {@code
   * Class.getName()} and {@code jcmd GC.class_histogram} print them).
   */
  public static String fromInternal(String internal) {
    int dims = 0;
    while (dims < internal.length() && internal.charAt(dims) == '[') {
      dims++;
    }
    String base;
    if (dims == 0) {
      base = internal;
    } else {
      String d = internal.substring(dims);
      String primitive =
          d.length() == 1 ? HprofTag.primitiveName(HprofTag.typeOfDescriptor(d.charAt(0))) : null;
      if (primitive != null) {
        base = primitive;
      } else {
        base = d.startsWith("L") && d.endsWith(";") ? d.substring(1, d.length() - 1) : d;
      }
    }
    base = base.replace('/', '.');
    int plus = base.lastIndexOf("+0x");
    if (plus > 0 && isHex(base, plus + 3)) {
      base = base.substring(0, plus) + "/" + base.substring(plus + 1);
    }
    if (dims == 0) {
      return base;
    }
    StringBuilder b = new StringBuilder(base);
    for (int i = 0; i < dims; i++) {
      b.append("[]");
    }
    return b.toString();
  }

  private static boolean isHex(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
