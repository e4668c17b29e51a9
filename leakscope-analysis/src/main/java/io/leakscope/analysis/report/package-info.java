/** See the module descriptor. Types here are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.leakscope.analysis.report;

import org.jspecify.annotations.NullMarked;
