#!/usr/bin/env bash
# Runs the benchmarks (docs/benchmarks.md says what they measure and how to read them).
#
#   ./benchmarks/bench.sh load [key=value ...]   load benchmark against a local 1+2 cluster, about 5 minutes:
#                                                seconds=2 rounds=3 warmup=5 rows=10000
#                                                variants=direct,direct-2r,rwsplit,rwsplit-gtid-wait,
#                                                         rwsplit-ryw-off,rwsplit-1r,
#                                                         rwsplit-optimistic,rwsplit-no-journal,
#                                                         cj-replication,cj-replication-lss
#                                                workloads=ps-1t,ps-4t,stmt-1t,mix-4t,rotx-4t,orm-4t
#                                                (also oneconn-<n>t: 9 reads + 1 write on one connection;
#                                                begin-<n>t: orm-<n>t begun and ended by BEGIN/COMMIT)
#                                                out=target/load-results.md (relative to benchmarks/)
#   ./benchmarks/bench.sh startup [runs=5]       the first statement of a fresh JVM, rwsplit and Connector/J, each in
#                                                runs JVMs against a local 1+2 cluster: the median and range
#   ./benchmarks/bench.sh ryw [seconds=2 rounds=7]  what each way of reading one's own writes costs in plain
#                                                Connector/J (MariaDB): 9 reads + 1 write on one thread
#   ./benchmarks/bench.sh jmh [JMH options ...]  JMH microbenchmarks; default options: -f 1 -wi 2 -w 1s -i 3 -r 1s;
#                                                e.g. 'jmh Classifier -wi 2 -i 3', 'jmh -l' lists them
#
# BENCH_JVM_ARGS replaces the JVM options of the benchmark JVM (default -Xms1g -Xmx1g), e.g. to record a profile:
#   BENCH_JVM_ARGS="-Xms1g -Xmx1g -XX:StartFlightRecording=filename=target/load.jfr,settings=profile" \
#     ./benchmarks/bench.sh load variants=rwsplit workloads=ps-1t seconds=30 rounds=1
# BENCH_MVN_ARGS adds Maven options to the build, e.g. BENCH_MVN_ARGS=-o to build offline.
# Builds the driver and the benchmarks first (tests skipped, nothing installed: the benchmark runs on this build).
# Local clusters need mariadbd or mysqld; on Debian as root the script installs mariadb-server when neither is there.
# Every server it starts, it removes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/setup.sh
. scripts/lib/setup.sh

usage() { sed -n '2,/^set /p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 2; }

[ $# -ge 1 ] || usage
case "$1" in
  load) main=io.rwsplit.benchmarks.load.LoadBenchmark ;;
  startup) main=io.rwsplit.benchmarks.startup.StartupBenchmark ;;
  ryw) main=io.rwsplit.benchmarks.ryw.CausalStrategies ;;
  jmh) main=org.openjdk.jmh.Main ;;
  *) usage ;;
esac
what="$1"
shift
args=("$@")
if [ "$what" = jmh ] && [ $# -eq 0 ]; then
  args=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
fi

ensure_server
ensure_java_maven

jvm=()
[ -z "${BENCH_JVM_ARGS:-}" ] || jvm=("-Dbench.jvmArgs=$BENCH_JVM_ARGS")

say "building the driver and the benchmarks (tests skipped), then running them"
# shellcheck disable=SC2086 # BENCH_MVN_ARGS is a list of options
exec mvn -B -q ${BENCH_MVN_ARGS:-} package -DskipTests -pl benchmarks -am \
  -Dbench.skip=false "-Dbench.main=$main" "-Dbench.args=${args[*]}" "${jvm[@]}"
