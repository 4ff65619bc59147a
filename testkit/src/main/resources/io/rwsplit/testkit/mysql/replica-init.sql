-- Run once as root on a new MySQL replica (gtid_mode=ON, read_only=ON, its own server_id).
-- Placeholders: ${SOURCE_HOST}, ${SOURCE_PORT}, ${REPLICATION_PASSWORD}.
-- GET_SOURCE_PUBLIC_KEY lets the replica authenticate with caching_sha2_password without TLS.
CHANGE REPLICATION SOURCE TO
  SOURCE_HOST = '${SOURCE_HOST}',
  SOURCE_PORT = ${SOURCE_PORT},
  SOURCE_USER = 'repl',
  SOURCE_PASSWORD = '${REPLICATION_PASSWORD}',
  SOURCE_AUTO_POSITION = 1,
  SOURCE_CONNECT_RETRY = 1,
  SOURCE_HEARTBEAT_PERIOD = 1,
  GET_SOURCE_PUBLIC_KEY = 1;
START REPLICA;
