-- Run by mariadb-install-db (--extra-file) while it builds the template datadir. The grant tables are not loaded
-- then, so the root accounts are edited in place: root may log in from localhost and 127.0.0.1 only, with a password.
-- Placeholder: ${ROOT_PASSWORD}.
DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1');
DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '127.0.0.1');
UPDATE mysql.global_priv
  SET Priv = JSON_SET(Priv, '$.plugin', 'mysql_native_password',
                          '$.authentication_string', PASSWORD('${ROOT_PASSWORD}'))
  WHERE User = 'root';
