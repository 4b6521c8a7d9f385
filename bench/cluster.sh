#!/usr/bin/env bash
# Throughput of 1, 2 and 3 hubs on one external PostgreSQL and an ActiveMQ master/slave pair, all on this machine
# (fault/ClusterBench; docs/operations.md "How far it goes"). Not a test: it prints figures.
#   mvn -B -q -o package -DskipTests      # the hubs run the packaged jar
#   bench/cluster.sh [hubs] [files] [rows]  # default 3 hubs, 12 files of 50,000 rows per round
# BENCH_LANDING=file keeps the landing copies on each hub's disk instead of the database (the cluster default).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
if [[ ! -f target/regency-hub.jar ]]; then
  echo "bench: target/regency-hub.jar is missing; build it first: mvn -B -q -o package -DskipTests" >&2
  exit 2
fi
mkdir -p bench/out
mvn -B -q -o -ntp test-compile
mvn -B -q -o -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/cluster.classpath
java=java
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java="$JAVA_HOME/bin/java"
"$java" -Xmx1g -Dfault.jar=target/regency-hub.jar -Dlanding="${BENCH_LANDING:-database}" \
  -cp "target/test-classes:target/classes:$(cat bench/out/cluster.classpath)" \
  id.go.jatengprov.regencyhub.fault.ClusterBench "${1:-3}" "${2:-12}" "${3:-50000}" | tee bench/out/cluster-last.txt
