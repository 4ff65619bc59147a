#!/usr/bin/env bash
# A Docker engine for the testkit's CONTAINER backend on a machine that has none running and no registry to pull from.
#
#   eval "$(./scripts/docker-engine.sh start)"   # then: ./scripts/test.sh -Drwsplit.testkit.backend=container
#   ./scripts/docker-engine.sh stop
#
# start: uses the engine that already answers (DOCKER_HOST or the default socket); where none does, starts dockerd
#   as root in a directory of its own (vfs storage, no iptables rules, an own socket), installing Debian's docker.io
#   first if needed. Then builds, if absent, two local images: rwsplit/mariadb-local:<x.y> from this machine's
#   mariadbd (the image the testkit runs) and a busybox image tagged alpine:3.17 (Testcontainers runs that image for
#   its start-up checks and would pull it). Prints the environment to use on stdout, messages on stderr. Idempotent.
# stop: removes the containers of the engine it started, stops that engine and deletes its directory; an engine it
#   did not start is left alone.
# status: says whether the engine it started runs.
#
# Exit codes: 0 done; 2 no Docker engine can run here (not root, no apt-get, dockerd refused to start); 1 any other
# failure. Settings: RWSPLIT_DOCKER_DIR (default ${TMPDIR:-/tmp}/rwsplit-docker) is where the engine lives.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly DIR="${RWSPLIT_DOCKER_DIR:-${TMPDIR:-/tmp}/rwsplit-docker}"
readonly SOCKET="$DIR/docker.sock"
readonly PID_FILE="$DIR/dockerd.pid"
readonly BRIDGE_FILE="$DIR/created-docker0"
readonly IMAGE_REPOSITORY="rwsplit/mariadb-local"
readonly ALPINE_IMAGE="alpine:3.17"
readonly ENTRYPOINT="docker/local-mariadb-entrypoint.sh"
readonly SERVER_LABEL="io.rwsplit.server"
# Must match ServerConfig.mariaDbStorage() in the testkit: the containers start on this datadir with those options.
readonly DATADIR_OPTIONS=(--innodb_data_file_path=ibdata1:10M:autoextend --innodb_log_file_size=16M)

say() { echo "docker-engine.sh: $*" >&2; }
fail() { echo "docker-engine.sh: $*" >&2; exit 1; }
cannot() { echo "docker-engine.sh: cannot run Docker here: $*" >&2; exit 2; }
now() { date +%s.%N; }
since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'; }

# The directory an image is being built in, removed however the script ends.
STAGE=""
trap '[ -z "$STAGE" ] || rm -rf "$STAGE"' EXIT

is_root() { [ "$(id -u)" -eq 0 ]; }

answers() { docker info >/dev/null 2>&1; }

our_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Installs Debian packages without letting their services start.
apt_install() {
  is_root || cannot "$* not installed, and installing it needs root"
  command -v apt-get >/dev/null 2>&1 || cannot "$* not installed and no apt-get to install it"
  say "installing $*"
  local policy=/usr/sbin/policy-rc.d created_policy="" status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Keeps package installs from starting services.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || status=$?
  if [ "$status" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  fi
  if [ -n "$created_policy" ]; then
    rm -f "$policy"
  fi
  # A failed download is an error to see, not a machine that cannot run Docker: it must not turn into a skip.
  [ "$status" -eq 0 ] || fail "apt-get install $* failed (exit $status)"
}

start_engine() {
  is_root || cannot "no Docker engine answers and starting one needs root (or start Docker yourself)"
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    apt_install docker.io
  fi
  [ "${#SOCKET}" -lt 100 ] || fail "socket path $SOCKET is too long: set RWSPLIT_DOCKER_DIR to a shorter directory"
  mkdir -p "$DIR"
  rm -f "$BRIDGE_FILE"
  ip link show docker0 >/dev/null 2>&1 || touch "$BRIDGE_FILE"
  local started
  started=$(now)
  # The default bridge stays (Testcontainers needs a network named "bridge"), but every container of the testkit
  # runs with host networking on 127.0.0.1, so no iptables rules are needed.
  dockerd --iptables=false --ip6tables=false --storage-driver=vfs \
    --data-root="$DIR/data" --exec-root="$DIR/exec" --pidfile="$PID_FILE" --host="unix://$SOCKET" \
    >"$DIR/dockerd.log" 2>&1 </dev/null &
  local pid=$!
  local _
  for _ in $(seq 1 150); do
    if DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1; then
      say "dockerd started in $(since "$started") s (pid $pid, socket $SOCKET)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cannot "dockerd exited at start; last lines of $DIR/dockerd.log: $(tail -n 3 "$DIR/dockerd.log" | tr '\n' ' ')"
    fi
    sleep 0.2
  done
  kill "$pid" 2>/dev/null || true
  fail "dockerd did not answer within 30 s; see $DIR/dockerd.log"
}

# Copies files to the same paths under the stage, with the shared libraries ldd lists for them.
copy_with_libraries() {
  local stage=$1 file library
  shift
  for file in "$@"; do
    cp -L --parents "$file" "$stage"
    for library in $(ldd "$file" 2>/dev/null | grep -o '/[^ ]*' || true); do
      [ -e "$stage$library" ] || cp -L --parents "$library" "$stage"
    done
  done
}

# A root filesystem with a busybox shell: /bin/busybox and a link per applet.
stage_busybox() {
  local stage=$1 busybox applet
  busybox=$(command -v busybox || true)
  [ -n "$busybox" ] || fail "busybox not found after installing it"
  mkdir -p "$stage/bin" "$stage/tmp" "$stage/etc"
  chmod 1777 "$stage/tmp"
  copy_with_libraries "$stage" "$busybox"
  [ "$busybox" = /bin/busybox ] || cp -L "$busybox" "$stage/bin/busybox"
  for applet in $("$busybox" --list); do
    [ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$stage/etc/passwd"
  printf 'root:x:0:\n' >"$stage/etc/group"
}

# Testcontainers runs alpine:3.17 for its start-up checks (df, a shell); a busybox image does the same job.
build_alpine_image() {
  local stage
  stage=$(mktemp -d)
  STAGE=$stage
  stage_busybox "$stage"
  tar -C "$stage" -c . | docker import --change 'CMD ["/bin/sh"]' - "$ALPINE_IMAGE" >/dev/null
  rm -rf "$stage"
}

# rwsplit/mariadb-local:<x.y>: this machine's mariadbd, its libraries and /usr/share/mysql, a busybox shell, an
# initialised datadir (root@localhost the only root, no anonymous user; the entrypoint sets root's password) and the
# entrypoint.
build_mariadb_image() {
  local image=$1 server=$2 installer=$3 version_line=$4 stage
  stage=$(mktemp -d)
  STAGE=$stage
  stage_busybox "$stage"
  copy_with_libraries "$stage" "$server"
  [ "$server" = /usr/sbin/mariadbd ] || { mkdir -p "$stage/usr/sbin"; cp -L "$server" "$stage/usr/sbin/mariadbd"; }
  ln -sf /usr/sbin/mariadbd "$stage/bin/mariadbd"
  mkdir -p "$stage/usr/share"
  cp -a /usr/share/mysql "$stage/usr/share/"
  mkdir -p "$stage/run/mysqld" "$stage/var/lib/mysql" "$stage/usr/local/bin"
  install -m 755 "$ENTRYPOINT" "$stage/usr/local/bin/docker-entrypoint.sh"

  printf '%s\n' "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');" \
    "DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';" >"$stage/root.sql"
  local user=()
  is_root && user=(--user=root)
  if ! "$installer" --no-defaults --datadir="$stage/var/lib/mysql" --basedir=/usr "${user[@]}" \
      --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
      --extra-file="$stage/root.sql" "${DATADIR_OPTIONS[@]}" >"$stage/install.log" 2>&1; then
    tail -n 15 "$stage/install.log" >&2
    rm -rf "$stage"
    fail "$installer failed to initialise the image's datadir"
  fi
  rm -f "$stage/root.sql" "$stage/install.log"

  tar -C "$stage" -c . | docker import \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["mariadbd"]' \
    --change "LABEL $SERVER_LABEL=\"$version_line\"" \
    - "$image" >/dev/null
  rm -rf "$stage"
}

# Builds the images that are missing (or were built from another server binary); sets IMAGE to the one to use.
ensure_images() {
  local server installer version_line version image started
  if ! docker image inspect "$ALPINE_IMAGE" >/dev/null 2>&1; then
    command -v busybox >/dev/null 2>&1 || apt_install busybox-static
    started=$(now)
    build_alpine_image
    say "built $ALPINE_IMAGE (busybox) in $(since "$started") s"
  fi

  server=$(command -v mariadbd || true)
  [ -n "$server" ] || server=/usr/sbin/mariadbd
  [ -x "$server" ] || apt_install mariadb-server
  [ -x "$server" ] || fail "mariadb-server is installed but $server is not there"
  installer=$(command -v mariadb-install-db || true)
  [ -n "$installer" ] || fail "mariadb-install-db not found: it comes with mariadb-server"
  command -v busybox >/dev/null 2>&1 || apt_install busybox-static

  version_line=$("$server" --version | head -n 1 | tr -d '"')
  version=$(grep -o 'Ver [0-9]*\.[0-9]*' <<<"$version_line" | cut -c5- || true)
  [ -n "$version" ] || fail "cannot read the version of $server: $version_line"
  image="$IMAGE_REPOSITORY:$version"
  local built_from
  built_from=$(docker image inspect -f "{{ index .Config.Labels \"$SERVER_LABEL\" }}" "$image" 2>/dev/null || true)
  if [ "$built_from" != "$version_line" ]; then
    started=$(now)
    build_mariadb_image "$image" "$server" "$installer" "$version_line"
    say "built $image from $server in $(since "$started") s ($(docker image inspect -f '{{ .Size }}' "$image" \
      | awk '{ printf "%d MB", $1 / 1000000 }'))"
  fi
  IMAGE=$image
}

start() {
  if our_pid >/dev/null && DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1; then
    export DOCKER_HOST="unix://$SOCKET"
    say "dockerd of an earlier start still runs (socket $SOCKET)"
  elif answers; then
    say "using the Docker engine that answers at ${DOCKER_HOST:-the default socket}"
  else
    # What this machine lacks for the engine and the images, installed in one go.
    local missing=()
    command -v docker >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
    command -v busybox >/dev/null 2>&1 || missing+=(busybox-static)
    command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
    [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
    if ! answers; then
      start_engine
      export DOCKER_HOST="unix://$SOCKET"
    fi
  fi
  ensure_images
  say "ready: the CONTAINER backend runs $IMAGE"
  [ -n "${DOCKER_HOST:-}" ] && echo "export DOCKER_HOST=$DOCKER_HOST"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  echo "export RWSPLIT_TESTKIT_IMAGE=$IMAGE"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    if [ -d "$DIR" ]; then
      remove_directory
      say "no dockerd of this script runs; removed $DIR"
    else
      say "no dockerd of this script runs; nothing to stop"
    fi
    return 0
  fi
  local containers
  containers=$(DOCKER_HOST="unix://$SOCKET" docker ps -aq 2>/dev/null || true)
  if [ -n "$containers" ]; then
    # shellcheck disable=SC2086
    DOCKER_HOST="unix://$SOCKET" docker rm -f $containers >/dev/null 2>&1 || true
    say "removed $(wc -w <<<"$containers") container(s)"
  fi
  kill "$pid"
  local _
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "dockerd (pid $pid) did not stop within 30 s; killing it and its containerd"
    kill -9 "$pid" 2>/dev/null || true
    local containerd
    containerd=$(cat "$DIR/exec/containerd/containerd.pid" 2>/dev/null || true)
    [ -z "$containerd" ] || kill -9 "$containerd" 2>/dev/null || true
  fi
  if [ -e "$BRIDGE_FILE" ] && ip link show docker0 >/dev/null 2>&1; then
    ip link delete docker0 2>/dev/null || true
  fi
  remove_directory
  say "stopped dockerd (pid $pid) and removed $DIR"
}

# dockerd leaves the host's network namespace mounted under its exec root: unmount what is left, then delete.
remove_directory() {
  local mount
  awk -v dir="$DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
  done
  # vfs layers can hold read-only directories; make sure all of it goes.
  chmod -R u+w "$DIR" 2>/dev/null || true
  rm -rf "$DIR" || fail "could not remove $DIR"
}

status() {
  local pid
  if pid=$(our_pid); then
    say "dockerd of this script runs: pid $pid, socket $SOCKET"
  else
    say "no dockerd of this script runs"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status   (eval \"\$($0 start)\" sets DOCKER_HOST and the image for the tests)" >&2
    exit 64
    ;;
esac
