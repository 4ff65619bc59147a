#!/usr/bin/env bash
# Soak test: runs the chaos test (ChaosIT) for longer than CI does. ./scripts/soak.sh [seconds], default 600.
# Eight clients run a mixed workload through the driver while replicas are killed, frozen, thawed and restarted and
# the primary is restarted once; at the end the ledger is compared row by row with the primary. Extra arguments go
# to Maven.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
. scripts/lib/setup.sh

seconds="${1:-600}"
shift || true
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 30 ] || fail "seconds must be a whole number >= 30, was: $seconds"

ensure_server
ensure_java_maven

exec mvn -B verify -pl proxy-driver -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosIT -Dfailsafe.failIfNoSpecifiedTests=false -Drwsplit.chaos.seconds="$seconds" "$@"
