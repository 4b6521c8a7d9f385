#!/usr/bin/env bash
# How fast the completeness grid answers on a big warehouse, and what its ledger costs (see bench/README.md,
# "Completeness"). Generates a district-level monthly dataset of N rows (default 10,000,000) in an embedded
# PostgreSQL of its own, rebuilds its delivery ledger and times the console's matrix (10 datasets x 35 regencies x
# 10 periods). Prints the figures; asserts nothing. Needs Maven's offline repository (the test classpath).
#   bench/completeness.sh [rows]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
mkdir -p bench/out
mvn -B -q -o -ntp test-compile
mvn -B -q -o -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/completeness.classpath
java=java
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java="$JAVA_HOME/bin/java"
"$java" -Xmx1g -cp "target/test-classes:target/classes:$(cat bench/out/completeness.classpath)" \
  id.go.jatengprov.regencyhub.completeness.CompletenessBench "${1:-10000000}" | tee bench/out/completeness-last.txt
