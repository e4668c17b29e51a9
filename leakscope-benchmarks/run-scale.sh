#!/usr/bin/env bash
# A generated dump of any size, to the end of its analysis, checked against the answers of its
# construction. See README.md in this directory.
#
#   leakscope-benchmarks/run-scale.sh [ScaleRun options]     e.g. --sessions 20000000 --keep
#
# With no options: a 34.2 GB dump of 556M objects in bench-work/, deleted at the end; it needs
# about 50 GB of free disk (the dump and the analysis's temporary files).
# Environment: as run-compare.sh (JAVA_HOME, SKIP_BUILD=1, MVN_ARGS).
exec "$(dirname "$0")/run.sh" io.leakscope.benchmarks.ScaleRun "$@"
