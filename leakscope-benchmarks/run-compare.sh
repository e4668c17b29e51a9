#!/usr/bin/env bash
# Side-by-side comparison of leakscope, VisualVM's heap engine (NetBeans profiler library) and
# Shark on one heap dump. See README.md in this directory.
#
#   leakscope-benchmarks/run-compare.sh [Compare options]     e.g. --objects 5000000 --tools netbeans,shark
#
# Environment: JAVA_HOME picks the JDK for every JVM; SKIP_BUILD=1 skips the Maven build;
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-Dleakscope.benchmarks.noCli while the CLI does not build).
exec "$(dirname "$0")/run.sh" io.leakscope.benchmarks.Compare "$@"
