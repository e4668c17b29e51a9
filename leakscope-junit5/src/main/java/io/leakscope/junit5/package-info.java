/**
 * JUnit 5 leak checks for CI. Annotate a test class or method with {@link
 * io.leakscope.junit5.CheckLeaks} and a test that leaves threads running, or resources tracked with
 * {@link io.leakscope.junit5.LeakTracker} open, fails, naming each one.
 */
package io.leakscope.junit5;
