#!/usr/bin/env bash
# The compatibility matrix: builds rwsplit against other releases of Connector/J and HikariCP, and on Java 25, and runs
# the unit tests of the monitor and the driver and the integration tests that touch those libraries' internals
# (read-your-writes' GTID tracking, routing rules, the JDBC contract, faults). The default build (pom.xml) is the
# newest of each, on Java 17; here every other combination of Connector/J 9.7.0 or the default, HikariCP 6.3.3 or the
# default, and Java 17 or 25. Prints one line per combination with its counts; exits non-zero if any test failed or
# none ran.
#   ./scripts/compat.sh                  every combination
#   ./scripts/compat.sh cj=9.7.0 hikari=6.3.3 java=17   one combination
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
. scripts/lib/setup.sh

ensure_server
ensure_java_maven

DEFAULT_CJ=$(sed -n 's:.*<mysql-connector-j.version>\(.*\)</mysql-connector-j.version>.*:\1:p' pom.xml)
DEFAULT_HIKARI=$(sed -n 's:.*<hikaricp.version>\(.*\)</hikaricp.version>.*:\1:p' pom.xml)
ITS=GtidTrackingIT,ReadYourWritesIT,RoutingRulesIT,JdbcContractIT,ReplicaFaultsIT,OptimisticTransactionsIT

# Every combination but the default (which the whole suite ran on): Connector/J, HikariCP, Java.
COMBINATIONS=()
for java in 17 25; do
  for cj in "$DEFAULT_CJ" 9.7.0; do
    for hikari in "$DEFAULT_HIKARI" 6.3.3; do
      [ "$java $cj $hikari" = "17 $DEFAULT_CJ $DEFAULT_HIKARI" ] || COMBINATIONS+=("$cj $hikari $java")
    done
  done
done
if [ $# -gt 0 ]; then
  cj=$DEFAULT_CJ hikari=$DEFAULT_HIKARI java=17
  for arg in "$@"; do
    case "$arg" in
      cj=*) cj=${arg#cj=} ;;
      hikari=*) hikari=${arg#hikari=} ;;
      java=*) java=${arg#java=} ;;
      *) fail "unknown argument '$arg'; expected cj=VERSION hikari=VERSION java=17|25" ;;
    esac
  done
  COMBINATIONS=("$cj $hikari $java")
fi

java_home() {
  case "$1" in
    17) echo "${JAVA_HOME:-}" ;;
    *) find /usr/lib/jvm -maxdepth 1 -name "*-$1-*" -type d | sort | head -n 1 ;;
  esac
}

# Sums an attribute over the surefire and failsafe reports of the driver and the monitor.
sum_reports() {
  find proxy-driver/target replica-monitor/target -path "*-reports/TEST-*.xml" 2>/dev/null \
    | xargs -r sed -n "s/.*<testsuite [^>]*\b$1=\"\([0-9]*\)\".*/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}

status=0
for combination in "${COMBINATIONS[@]}"; do
  read -r cj hikari java <<<"$combination"
  home=$(java_home "$java")
  if [ "$java" != 17 ] && [ -z "$home" ]; then
    say "Connector/J $cj, HikariCP $hikari, Java $java: no JDK $java under /usr/lib/jvm"
    status=1
    continue
  fi
  find proxy-driver/target replica-monitor/target -path "*-reports/TEST-*.xml" -delete 2>/dev/null || true
  started=$(date +%s)
  log=$(mktemp)
  result=0
  JAVA_HOME=${home:-${JAVA_HOME:-}} mvn -B verify -pl proxy-driver -am \
    -Dmysql-connector-j.version="$cj" -Dhikaricp.version="$hikari" \
    -Dit.test="$ITS" -Dfailsafe.failIfNoSpecifiedTests=false >"$log" 2>&1 || result=$?
  tests=$(sum_reports tests) failures=$(( $(sum_reports failures) + $(sum_reports errors) )) skipped=$(sum_reports skipped)
  say "Connector/J $cj, HikariCP $hikari, Java $java: $(( tests - failures - skipped )) passed, $failures failed," \
    "$skipped skipped ($(( $(date +%s) - started )) s)"
  if [ "$result" -ne 0 ] || [ "$failures" -ne 0 ] || [ "$tests" -eq 0 ]; then
    tail -n 60 "$log"
    status=1
  fi
  rm -f "$log"
done
# The next build goes back to the default releases: make it compile afresh.
mvn -B -q clean -pl proxy-driver,replica-monitor >/dev/null 2>&1 || true
exit "$status"
