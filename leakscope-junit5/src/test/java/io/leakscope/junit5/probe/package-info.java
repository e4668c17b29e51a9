/**
 * Test classes that leak (or don't) on purpose. Surefire does not run them directly; {@code
 * LeakCheckExtensionTest} runs them through the JUnit Platform test kit and checks their outcomes.
 * They use only the public API, {@code @CheckLeaks}, as a user's tests would.
 */
package io.leakscope.junit5.probe;
