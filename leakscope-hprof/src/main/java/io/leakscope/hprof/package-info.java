/** See the module descriptor. Types here are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.leakscope.hprof;

import org.jspecify.annotations.NullMarked;
