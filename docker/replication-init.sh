#!/bin/bash
# Sets up GTID replication in the MySQL cluster of docker-compose.yml. The official mysql image's entrypoint runs it
# once, when it initialises a server's datadir (mounted into /docker-entrypoint-initdb.d): it renders the testkit's
# primary-init.sql or replica-init.sql (mounted at RWSPLIT_SQL_DIR, default /rwsplit/sql), filling each ${NAME}
# placeholder from the environment variable RWSPLIT_NAME, and runs it as root over the local socket. A replica is then
# made read-only for good (SET PERSIST read_only and super_read_only; on the command line they would stop the
# entrypoint's own set-up). RWSPLIT_ROLE is primary or replica. Works whether the entrypoint executes or sources it.

rwsplit_replication_init() (
  set -euo pipefail
  local role=${RWSPLIT_ROLE:-}
  local script="${RWSPLIT_SQL_DIR:-/rwsplit/sql}/$role-init.sql"
  case "$role" in
    primary | replica) ;;
    *) echo "replication-init.sh: RWSPLIT_ROLE = \"$role\": expected primary or replica" >&2; return 1 ;;
  esac
  [ -r "$script" ] || { echo "replication-init.sh: $script not found: mount the testkit's mysql/ folder" >&2; return 1; }

  local sql name variable value
  sql=$(cat "$script")
  # shellcheck disable=SC2016 # the placeholders are literal ${NAME} text
  for name in $(grep -o '\${[A-Z_]*}' "$script" | tr -d '${}' | sort -u); do
    variable="RWSPLIT_$name"
    value=${!variable:-}
    if [ -z "$value" ]; then
      echo "replication-init.sh: $script needs \${$name}: set $variable" >&2
      return 1
    fi
    case "$value" in
      *[\'\"\`\\\;]*) echo "replication-init.sh: $variable contains a quote, backslash or ';'" >&2; return 1 ;;
    esac
    sql=${sql//"\${$name}"/$value}
  done
  if [ "$role" = replica ]; then
    sql+=$'\nSET PERSIST read_only = ON;\nSET PERSIST super_read_only = ON;'
  fi

  echo "replication-init.sh: running $script as the $role"
  mysql --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "$MYSQL_ROOT_PASSWORD") \
    --protocol=socket --user=root <<<"$sql"
)

rwsplit_replication_init
