#!/usr/bin/env bash
# The demo: starts a local replicated cluster (1 primary + 2 replicas, local mariadbd/mysqld processes), runs the
# plain-JDBC shop sample against it through rwsplit for about 30 seconds with a live line a second, delays one
# replica from a third to two thirds of the way so it leaves and rejoins the read pool, prints a summary, and removes
# everything it started.
# Usage: ./scripts/demo.sh [seconds]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
. scripts/lib/setup.sh

seconds="${1:-30}"
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 6 ] || fail "seconds must be a whole number >= 6, was '$seconds'"

ensure_server
ensure_java_maven

say "building the driver and the sample (tests skipped; ./scripts/test.sh runs them)"
mvn -B -q install -DskipTests -pl samples/plain-jdbc -am
exec mvn -B -q exec:java -pl samples/plain-jdbc -Dexec.args="$seconds"
