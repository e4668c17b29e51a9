#!/usr/bin/env bash
# Side-by-side comparison of leakscope, VisualVM's heap engine (NetBeans profiler library) and
# Shark on one heap dump. See README.md in this directory.
#
#   leakscope-benchmarks/run-compare.sh [Compare options]     e.g. --objects 5000000 --tools netbeans,shark
#
# Environment: JAVA_HOME picks the JDK for every JVM; SKIP_BUILD=1 skips the Maven build;
# MVN_ARGS is passed to Maven (e.g. MVN_ARGS=-Dleakscope.benchmarks.noCli while the CLI does not build).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -q -pl leakscope-benchmarks -am package -DskipTests ${MVN_ARGS:-}
fi

jar="$(ls "$here"/target/leakscope-benchmarks-*.jar | head -n 1)"
java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
fi

# This JVM only starts the others and waits; it needs little memory.
exec "$java" -Xmx256m -cp "$jar:$here/target/lib/*" io.leakscope.benchmarks.Compare \
  --work "$root/bench-work" "$@"
