#!/usr/bin/env bash
# regency-hub benchmark (see bench/README.md). Needs only a JDK 17+ and a packaged hub:
#   mvn -B -q -o package -DskipTests        # builds target/regency-hub.jar (CI's `mvn verify` does too)
#   bench/run.sh [rows] [runs]              # default 1,000,000 rows, 3 runs; medians printed
#   bench/run.sh --smoke                    # 50,000 rows, 1 run, no timing targets; exit 1 if the truth check fails
#   bench/run.sh --excel [rows]             # the Excel memory benchmark: a 50 MB .xlsx of 500,000 rows, 1 run
# Environment: BENCH_HUB_ARGS (extra hub arguments, e.g. --hub.load.chunk-size=50000), BENCH_JVM_OPTS (extra hub
# JVM options, e.g. JFR; {run} and {out} are replaced), BENCH_PORT / BENCH_DB_PORT (default 28080 / 25433),
# BENCH_LATENCY_SAMPLES, BENCH_KEEP=1 (keep bench/out/run-N). Outputs go to bench/out/ (git-ignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar="$repo/target/regency-hub.jar"
if [[ ! -f "$jar" ]]; then
  echo "bench: $jar is missing; build it first: mvn -B -q -o package -DskipTests" >&2
  exit 2
fi
java=java
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java="$JAVA_HOME/bin/java"
jartool=jar
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jar" ]] && jartool="$JAVA_HOME/bin/jar"

# The driver needs only the PostgreSQL JDBC driver: take the one packaged in the hub's jar (no Maven).
lib="$here/out/lib"
mkdir -p "$lib"
entry=$("$jartool" tf "$jar" | grep -m1 '^BOOT-INF/lib/postgresql-.*\.jar$')
if [[ ! -f "$lib/$entry" || "$jar" -nt "$lib/$entry" ]]; then
  (cd "$lib" && "$jartool" xf "$jar" "$entry")
fi
# The hub runs from a copy, so that a build during a long benchmark cannot change the jar under it.
hubjar="$here/out/regency-hub-$$.jar"
cp "$jar" "$hubjar"
trap 'rm -f "$hubjar"' EXIT
"$java" -Xmx1g -cp "$lib/$entry" "$here/src/Bench.java" --repo "$repo" --jar "$hubjar" "$@"
