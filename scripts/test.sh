#!/usr/bin/env bash
# Builds rwsplit and runs every test: unit tests, then integration tests against real MariaDB/MySQL servers that the
# tests start themselves. Sets up what they need first: on Debian, as root or with sudo, it installs mariadb-server
# when no server binary is found. Arguments go to Maven, e.g. ./scripts/test.sh -pl testkit
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/setup.sh
. scripts/lib/setup.sh

ensure_server
ensure_java_maven

exec mvn -B verify "$@"
