#!/usr/bin/env bash
# The demo: runs the plain-JDBC shop sample through rwsplit for about 30 seconds with a live line a second, delays one
# replica from a third to two thirds of the way so it leaves and rejoins the read pool, prints a summary, and undoes
# everything it started or changed.
#
#   ./scripts/demo.sh [seconds]             against a local cluster it starts (1 primary + 2 replicas as local
#                                           mariadbd/mysqld processes) and removes at the end
#   ./scripts/demo.sh --switchover [seconds]
#                                           the same, and five sixths of the way the primary is switched over to a
#                                           replica (read-only, replica caught up, others repointed, replica
#                                           writable): watch the driver's log lines follow it
#   ./scripts/demo.sh --compose [seconds]   against docker-compose.yml's MySQL 8.4 cluster: `docker compose up -d
#                                           --wait` first, `docker compose down -v` at the end (needs Docker Compose v2)
#   RWSPLIT_URL=jdbc:rwsplit:mysql://... ./scripts/demo.sh [seconds]
#                                           against a cluster that already runs; RWSPLIT_USER and RWSPLIT_PASSWORD
#                                           give the app's account unless the URL does, RWSPLIT_ADMIN_USER (default
#                                           root) and RWSPLIT_ADMIN_PASSWORD the account that may delay a replica
#                                           (without it, nothing is delayed); the cluster is left running
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
. scripts/lib/setup.sh

compose=""
switchover=""
while [ "${1:-}" = "--compose" ] || [ "${1:-}" = "--switchover" ]; do
  [ "$1" = "--compose" ] && compose=1
  [ "$1" = "--switchover" ] && switchover="--switchover "
  shift
done
seconds="${1:-30}"
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 6 ] || fail "seconds must be a whole number >= 6, was '$seconds'"

if [ -n "$compose" ]; then
  docker compose version >/dev/null 2>&1 \
    || fail "--compose needs Docker Compose v2 ('docker compose version' failed); install the docker-compose-plugin" \
      "package, or start a cluster yourself and set RWSPLIT_URL"
  # The compose file's own defaults; its environment variables override them, here as there.
  export RWSPLIT_URL="jdbc:rwsplit:mysql://127.0.0.1:3306,127.0.0.1:3307,127.0.0.1:3308/app?rwsplit.monitorUser=monitor&rwsplit.monitorPassword=${RWSPLIT_MONITOR_PASSWORD:-rwsplit-monitor}"
  export RWSPLIT_USER=app RWSPLIT_PASSWORD="${RWSPLIT_APP_PASSWORD:-rwsplit-app}"
  export RWSPLIT_ADMIN_USER=root RWSPLIT_ADMIN_PASSWORD="${RWSPLIT_ROOT_PASSWORD:-rwsplit-root}"
elif [ -z "${RWSPLIT_URL:-}" ]; then
  ensure_server
fi
ensure_java_maven

say "building the driver and the sample (tests skipped; ./scripts/test.sh runs them)"
mvn -B -q install -DskipTests -pl samples/plain-jdbc -am

if [ -n "$compose" ]; then
  say "starting docker-compose.yml's MySQL 8.4 primary and two replicas (the first start pulls the image)"
  trap 'say "removing the compose cluster"; docker compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
  docker compose up -d --wait
fi
mvn -B -q exec:java -pl samples/plain-jdbc -Dexec.args="$switchover$seconds"
