#!/usr/bin/env bash
# Builds this module and runs one of its main classes with the repository's bench-work directory:
#
#   leakscope-benchmarks/run.sh MAIN_CLASS [options]
#
# run-compare.sh and run-scale.sh call it. Environment: JAVA_HOME picks the JDK for every JVM;
# SKIP_BUILD=1 skips the Maven build; MVN_ARGS is passed to Maven (e.g.
# MVN_ARGS=-Dleakscope.benchmarks.noCli while the CLI does not build).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
main="$1"
shift

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -q -pl leakscope-benchmarks -am package -DskipTests ${MVN_ARGS:-}
fi

jar="$(ls "$here"/target/leakscope-benchmarks-*.jar | head -n 1)"
java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
fi

# This JVM only writes dumps in constant memory, starts the others and waits; it needs little memory.
exec "$java" -Xmx256m -cp "$jar:$here/target/lib/*" "$main" --work "$root/bench-work" "$@"
