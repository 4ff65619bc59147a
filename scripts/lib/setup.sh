# Shared set-up of the scripts: a MariaDB/MySQL server binary for the local clusters, a JDK 17+ and Maven.
# Sourced, not run. On Debian, as root or with sudo, it installs mariadb-server when no server binary is found.

say() { echo "$(basename "$0"): $*"; }
fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

have_server() {
  if [ -n "${RWSPLIT_TESTKIT_SERVER:-}" ] && [ -x "${RWSPLIT_TESTKIT_SERVER}" ]; then
    return 0
  fi
  local name
  for name in mariadbd mysqld; do
    command -v "$name" >/dev/null 2>&1 && return 0
    [ -x "/usr/sbin/$name" ] && return 0
  done
  return 1
}

# Installs Debian's mariadb-server without letting its system service start: the tests run servers of their own.
install_server() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      fail "no MariaDB or MySQL server found; install one as root: apt-get install -y mariadb-server"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 \
    || fail "no MariaDB or MySQL server found and no apt-get here;" \
      "install MariaDB 10.6+ or MySQL 8.0/8.4 server binaries (mariadbd or mysqld)"

  say "no MariaDB or MySQL server found; installing Debian's mariadb-server"
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Keeps package installs from starting services.\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    created_policy=1
  fi
  local status=0
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || status=$?
  if [ "$status" -eq 0 ]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server \
      || status=$?
  fi
  if [ -n "$created_policy" ]; then
    "${sudo[@]}" rm -f "$policy"
  fi
  [ "$status" -eq 0 ] || fail "apt-get install mariadb-server failed (exit $status)"

  # Where the service was started anyway (a policy of the machine's own, or one that is ignored), stop it again.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mariadb 2>/dev/null; then
    say "stopping the mariadb system service the package started"
    "${sudo[@]}" systemctl stop mariadb || true
    "${sudo[@]}" systemctl disable --quiet mariadb || true
  elif [ -x /etc/init.d/mariadb ] && "${sudo[@]}" /etc/init.d/mariadb status >/dev/null 2>&1; then
    say "stopping the mariadb system service the package started"
    "${sudo[@]}" /etc/init.d/mariadb stop >/dev/null || true
  fi
  have_server || fail "mariadb-server is installed but neither mariadbd nor mysqld was found"
}

# Makes sure a server binary is there for local clusters (not needed for the container backend).
ensure_server() {
  if [ "${RWSPLIT_TESTKIT_BACKEND:-local}" != "container" ] && ! have_server; then
    install_server
  fi
}

# Makes sure a JDK 17+ and Maven are there, or says what to install.
ensure_java_maven() {
  command -v java >/dev/null 2>&1 \
    || fail "java not found: install a JDK 17 or later, e.g. apt-get install -y openjdk-17-jdk-headless"
  java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${java_major:-0}" -ge 17 ] 2>/dev/null \
    || fail "java ${java_major:-?} found; a JDK 17 or later is needed, e.g. apt-get install -y openjdk-17-jdk-headless"
  command -v mvn >/dev/null 2>&1 || fail "mvn not found: install Maven 3.8 or later, e.g. apt-get install -y maven"
}
