package io.leakscope.testing.hprof.internal;

import io.leakscope.hprof.HprofTag;

/** Converts class names given by tests into the dump's form ({@code /} separators, descriptors). */
public final class ClassNames {
  private ClassNames() {}

  /**
   * {@code com.acme.Outer$Inner} → {@code com/acme/Outer$Inner}; {@code int[]} → {@code [I}; {@code
   * com.acme.Node[][]} → {@code [[Lcom/acme/Node;}; descriptors ({@code [Lcom.acme.Node;}) keep
   * their form with {@code /} separators.
   */
  public static String toDumpName(String javaName) {
    if (javaName.isEmpty()) {
      throw new IllegalArgumentException("class name: empty");
    }
    if (javaName.startsWith("[")) {
      String descriptor = javaName.replace('.', '/');
      elementType(descriptor);
      return descriptor;
    }
    int dims = 0;
    String base = javaName;
    while (base.endsWith("[]")) {
      base = base.substring(0, base.length() - 2);
      dims++;
    }
    if (dims == 0) {
      return javaName.replace('.', '/');
    }
    String element = primitiveDescriptor(base);
    if (element == null) {
      element = "L" + base.replace('.', '/') + ";";
    }
    return "[".repeat(dims) + element;
  }

  /**
   * Basic type of an array descriptor's elements: {@link HprofTag#TYPE_OBJECT} for arrays of refs.
   */
  public static int elementType(String descriptor) {
    if (descriptor.length() < 2 || descriptor.charAt(0) != '[') {
      throw new IllegalArgumentException("array descriptor: " + descriptor + " (expected: [X...)");
    }
    char c = descriptor.charAt(1);
    int type;
    switch (c) {
      case 'L':
        if (!descriptor.endsWith(";") || descriptor.length() < 4) {
          throw new IllegalArgumentException(
              "array descriptor: " + descriptor + " (expected: [Lname;)");
        }
        return HprofTag.TYPE_OBJECT;
      case '[':
        elementType(descriptor.substring(1));
        return HprofTag.TYPE_OBJECT;
      default:
        type = HprofTag.typeOfDescriptor(c);
        if (type < 0) {
          throw new IllegalArgumentException(
              "array descriptor: " + descriptor + " (unknown element " + c + ")");
        }
    }
    if (descriptor.length() != 2) {
      throw new IllegalArgumentException(
          "array descriptor: " + descriptor + " (trailing characters)");
    }
    return type;
  }

  private static String primitiveDescriptor(String name) {
    switch (name) {
      case "boolean":
        return "Z";
      case "char":
        return "C";
      case "float":
        return "F";
      case "double":
        return "D";
      case "byte":
        return "B";
      case "short":
        return "S";
      case "int":
        return "I";
      case "long":
        return "J";
      default:
        return null;
    }
  }
}
