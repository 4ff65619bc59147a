-- Run by mysqld --initialize-insecure (--init-file) while it builds the template datadir: root gets a password and,
-- since the servers run with skip-name-resolve, an account for TCP connections from 127.0.0.1.
-- Placeholder: ${ROOT_PASSWORD}.
CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '${ROOT_PASSWORD}';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED BY '${ROOT_PASSWORD}';
