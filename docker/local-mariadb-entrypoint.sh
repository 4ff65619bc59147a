#!/bin/sh
# Entrypoint of the small local MariaDB test image that scripts/docker-engine.sh builds from the machine's own
# mariadbd. It keeps the part of the official images' contract the testkit relies on: arguments starting with "-" are
# mariadbd options, and MARIADB_ROOT_PASSWORD (or MYSQL_ROOT_PASSWORD) is root's password, for 'root'@'%' and
# 'root'@'localhost'. The datadir comes initialised inside the image; the server runs as root.
set -eu

if [ "${1#-}" != "$1" ]; then
  set -- mariadbd "$@"
fi
if [ "$1" != mariadbd ]; then
  exec "$@"
fi
shift

password=${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}
if [ -z "$password" ]; then
  echo "local-mariadb-entrypoint: set MARIADB_ROOT_PASSWORD (or MYSQL_ROOT_PASSWORD)" >&2
  exit 1
fi
# SQL string literal: quotes and backslashes doubled.
literal=$(printf '%s' "$password" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")

# Run at every start, idempotent, and kept out of the binary log: replicas never receive it.
init=/run/mysqld/root-init.sql
mkdir -p /run/mysqld
umask 077
cat > "$init" <<SQL
SET SESSION sql_log_bin = 0;
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$literal';
ALTER USER 'root'@'%' IDENTIFIED BY '$literal';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED BY '$literal';
SQL

exec mariadbd --user=root --init-file="$init" "$@"
