-- Run once as root on a new MySQL primary (gtid_mode=ON); the replicas get all of it through replication.
-- Placeholders: ${SCHEMA}, ${APP_PASSWORD}, ${MONITOR_PASSWORD}, ${REPLICATION_PASSWORD}.
CREATE DATABASE IF NOT EXISTS `${SCHEMA}`;

-- The application: everything on its schema, nothing global (no SUPER: read_only stops it on replicas).
CREATE USER 'app'@'%' IDENTIFIED BY '${APP_PASSWORD}';
GRANT ALL PRIVILEGES ON `${SCHEMA}`.* TO 'app'@'%';

-- Health and role checks: SHOW REPLICA STATUS, SHOW BINARY LOG STATUS, the process list, SHOW REPLICAS (discovery).
CREATE USER 'monitor'@'%' IDENTIFIED BY '${MONITOR_PASSWORD}';
GRANT REPLICATION CLIENT, REPLICATION SLAVE, PROCESS ON *.* TO 'monitor'@'%';

-- The replicas' connection to the primary.
CREATE USER 'repl'@'%' IDENTIFIED BY '${REPLICATION_PASSWORD}';
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';
