-- Run once as root on a new MariaDB primary; the replicas get all of it through replication.
-- Placeholders: ${SCHEMA}, ${APP_PASSWORD}, ${MONITOR_PASSWORD}, ${REPLICATION_PASSWORD}.
CREATE DATABASE IF NOT EXISTS `${SCHEMA}`;

-- The application: everything on its schema, nothing global (so no READ_ONLY ADMIN: read_only stops it on replicas).
CREATE USER 'app'@'%' IDENTIFIED BY '${APP_PASSWORD}';
GRANT ALL PRIVILEGES ON `${SCHEMA}`.* TO 'app'@'%';

-- Health and role checks: SHOW REPLICA STATUS, SHOW BINLOG STATUS, the process list, SHOW SLAVE HOSTS (discovery).
CREATE USER 'monitor'@'%' IDENTIFIED BY '${MONITOR_PASSWORD}';
GRANT BINLOG MONITOR, SLAVE MONITOR, REPLICATION MASTER ADMIN, PROCESS ON *.* TO 'monitor'@'%';

-- The replicas' connection to the primary.
CREATE USER 'repl'@'%' IDENTIFIED BY '${REPLICATION_PASSWORD}';
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';
