package io.rwsplit.monitor;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything that differs between families of server versions, in one place for the monitor and the driver: the
 * statements and column names of replication status, how GTID positions are written, tracked, merged and waited
 * for, chosen from {@code SELECT VERSION()}. Connector/J reports MariaDB as {@code 5.5.5-10.11.19-MariaDB}, so the
 * version text decides, not driver metadata. Supporting a new server version is a change here.
 */
public enum ServerKind {

    /** MariaDB 10.5 and later: {@code SHOW ALL REPLICAS STATUS} has the applied GTID position in the same row. */
    MARIADB("MariaDB 10.5+", "SHOW ALL REPLICAS STATUS", Columns.MARIADB, "@@GLOBAL.gtid_binlog_pos",
            "SHOW MASTER STATUS", MariaDbGtidPosition::parse),

    /** MariaDB 10.0 to 10.4: the same columns under {@code SHOW ALL SLAVES STATUS}. */
    MARIADB_BEFORE_10_5("MariaDB before 10.5", "SHOW ALL SLAVES STATUS", Columns.MARIADB,
            "@@GLOBAL.gtid_binlog_pos", "SHOW MASTER STATUS", MariaDbGtidPosition::parse),

    /** MySQL 5.7 and 8.0 before 8.0.22: {@code SHOW SLAVE STATUS} with Slave_ and Master_ names. */
    MYSQL_BEFORE_8_0_22("MySQL before 8.0.22", "SHOW SLAVE STATUS", Columns.MYSQL_SLAVE,
            "@@GLOBAL.gtid_executed", "SHOW MASTER STATUS", MySqlGtidSet::parse),

    /** MySQL 8.0.22 to 8.1: {@code SHOW REPLICA STATUS} with Replica_ and Source_ names. */
    MYSQL_8_0_22("MySQL 8.0.22 to 8.1", "SHOW REPLICA STATUS", Columns.MYSQL_REPLICA,
            "@@GLOBAL.gtid_executed", "SHOW MASTER STATUS", MySqlGtidSet::parse),

    /** MySQL 8.2 and later (8.4 LTS, 9.x): {@code SHOW BINARY LOG STATUS}, {@code SHOW MASTER STATUS} is gone. */
    MYSQL_8_2("MySQL 8.2+", "SHOW REPLICA STATUS", Columns.MYSQL_REPLICA, "@@GLOBAL.gtid_executed",
            "SHOW BINARY LOG STATUS", MySqlGtidSet::parse);

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern MARIADB_PREFIX = Pattern.compile("^5\\.5\\.5-");

    /** Column names of a replica status row. */
    private record Columns(String ioRunning, String sqlRunning, String secondsBehind, String execPosition,
                           String execFile, String gtidPosition, String channel, String sourceHost,
                           String sourcePort, String sourceServerId) {

        static final Columns MARIADB = new Columns("Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master",
                "Exec_Master_Log_Pos", "Relay_Master_Log_File", "Gtid_Slave_Pos", "Connection_name", "Master_Host",
                "Master_Port", "Master_Server_Id");
        static final Columns MYSQL_SLAVE = new Columns("Slave_IO_Running", "Slave_SQL_Running",
                "Seconds_Behind_Master", "Exec_Master_Log_Pos", "Relay_Master_Log_File", "Executed_Gtid_Set",
                "Channel_Name", "Master_Host", "Master_Port", "Master_Server_Id");
        static final Columns MYSQL_REPLICA = new Columns("Replica_IO_Running", "Replica_SQL_Running",
                "Seconds_Behind_Source", "Exec_Source_Log_Pos", "Relay_Source_Log_File", "Executed_Gtid_Set",
                "Channel_Name", "Source_Host", "Source_Port", "Source_Server_Id");
    }

    private final String description;
    private final String replicaStatusSql;
    private final Columns columns;
    private final String primaryGtidVariable;
    private final String primaryBinlogSql;
    private final Function<String, ReplicationPosition> gtidParser;

    ServerKind(String description, String replicaStatusSql, Columns columns, String primaryGtidVariable,
            String primaryBinlogSql, Function<String, ReplicationPosition> gtidParser) {
        this.description = description;
        this.replicaStatusSql = replicaStatusSql;
        this.columns = columns;
        this.primaryGtidVariable = primaryGtidVariable;
        this.primaryBinlogSql = primaryBinlogSql;
        this.gtidParser = gtidParser;
    }

    /**
     * The kind of a server from its {@code VERSION()}: {@code 10.11.19-MariaDB-log},
     * {@code 5.5.5-10.11.19-MariaDB-0+deb12u1}, {@code 8.4.3}, {@code 5.7.44-log}. A version that cannot be read is
     * taken for the newest of its family.
     */
    public static ServerKind detect(String version) {
        String text = version == null ? "" : version.strip();
        boolean mariaDb = text.toLowerCase(Locale.ROOT).contains("mariadb");
        if (mariaDb) {
            text = MARIADB_PREFIX.matcher(text).replaceFirst("");
        }
        Matcher matcher = VERSION.matcher(text);
        if (!matcher.lookingAt()) {
            return mariaDb ? MARIADB : MYSQL_8_2;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        if (mariaDb) {
            return compare(major, minor, 0, 10, 5, 0) >= 0 ? MARIADB : MARIADB_BEFORE_10_5;
        }
        if (compare(major, minor, patch, 8, 0, 22) < 0) {
            return MYSQL_BEFORE_8_0_22;
        }
        return compare(major, minor, patch, 8, 2, 0) < 0 ? MYSQL_8_0_22 : MYSQL_8_2;
    }

    private static int compare(int major, int minor, int patch, int major2, int minor2, int patch2) {
        if (major != major2) {
            return Integer.compare(major, major2);
        }
        if (minor != minor2) {
            return Integer.compare(minor, minor2);
        }
        return Integer.compare(patch, patch2);
    }

    /**
     * Makes a session refuse every data change, whatever the user's privileges. The same on every kind; sent as SQL
     * because Connector/J's {@code setReadOnly} does not reach a MariaDB server (whose handshake says 5.5.5).
     */
    public static final String READ_ONLY_SESSION_SQL = "SET SESSION TRANSACTION READ ONLY";
    /** Undoes {@link #READ_ONLY_SESSION_SQL}. */
    public static final String READ_WRITE_SESSION_SQL = "SET SESSION TRANSACTION READ WRITE";

    private static final String MARIADB_TRACK_GTID_SQL = "SET SESSION session_track_system_variables = "
            + "IF(FIND_IN_SET('last_gtid', @@session_track_system_variables) > 0, @@session_track_system_variables, "
            + "CONCAT_WS(',', NULLIF(@@session_track_system_variables, ''), 'last_gtid'))";
    private static final String MYSQL_TRACK_GTID_SQL = "SET SESSION session_track_gtids = OWN_GTID";

    public boolean isMariaDb() {
        return this == MARIADB || this == MARIADB_BEFORE_10_5;
    }

    /**
     * Makes the server send the GTID of each commit in the statement's OK packet: MariaDB tracks its {@code last_gtid}
     * variable like any other; MySQL tracks {@code OWN_GTID}.
     */
    public String trackGtidSql() {
        return isMariaDb() ? MARIADB_TRACK_GTID_SQL : MYSQL_TRACK_GTID_SQL;
    }

    /**
     * Asks for a position covering the session's last commit, when it did not come tracked. On MySQL only the whole
     * executed set can be asked for, which covers the write and may make a read wait for other sessions' writes too.
     */
    public String lastGtidSql() {
        return isMariaDb() ? "SELECT @@last_gtid" : "SELECT @@GLOBAL.gtid_executed";
    }

    /**
     * Waits until the server has applied {@code position}, for at most {@code timeoutMillis}. A literal statement,
     * not a prepared one: Connector/J parses a client-side prepared statement on every prepare, which cost more than
     * running the wait did (profiled on the mix-4t load benchmark).
     */
    public String waitSql(ReplicationPosition position, long timeoutMillis) {
        String seconds = java.math.BigDecimal.valueOf(timeoutMillis, 3).toPlainString();
        return (isMariaDb() ? "SELECT MASTER_GTID_WAIT(" : "SELECT WAIT_FOR_EXECUTED_GTID_SET(")
                + quoted(position.toString()) + ", " + seconds + ")";
    }

    /** Whether a wait's result means the position was reached: 0 on every kind (-1 or 1 on timeout). */
    public static boolean waitReached(long result) {
        return result == 0;
    }

    /** A string literal; positions hold only digits, hex, '-', ':', ',' and tag letters, but quotes cost nothing. */
    static String quoted(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                literal.append('\\');
            }
            literal.append(c);
        }
        return literal.append('\'').toString();
    }

    /** A GTID position in this kind's syntax; null for a null or blank text (no GTID). */
    public ReplicationPosition parsePosition(String text) {
        return text == null || text.isBlank() ? null : parseGtid(text);
    }

    /**
     * Both positions in one: per domain the higher sequence (MariaDB), the union (MySQL). Either may be null.
     * Parsing the joined texts does it, since both parsers merge repeated domains and sources.
     */
    public ReplicationPosition merge(ReplicationPosition a, ReplicationPosition b) {
        if (a == null || a.isEmpty()) {
            return b == null || b.isEmpty() ? null : b;
        }
        if (b == null || b.isEmpty() || a.covers(b)) {
            return a;
        }
        if (b.covers(a)) {
            return b;
        }
        return parseGtid(a + "," + b);
    }

    /** The statement that lists the replica's replication connections. */
    String replicaStatusSql() {
        return replicaStatusSql;
    }

    /** The system variable holding the primary's GTID position. */
    String primaryGtidVariable() {
        return primaryGtidVariable;
    }

    /** The statement giving the primary's current binary log {@code File} and {@code Position}. */
    String primaryBinlogSql() {
        return primaryBinlogSql;
    }

    ReplicationPosition parseGtid(String text) {
        return gtidParser.apply(text == null ? "" : text);
    }

    /**
     * The replica's replication as its status rows tell it: the default connection (MariaDB {@code Connection_name}
     * '', MySQL {@code Channel_Name} ''), else the first row.
     *
     * @throws IllegalArgumentException when a position in the row cannot be parsed
     */
    ReplicationRow parseReplicaStatus(List<Row> rows) {
        if (rows.isEmpty()) {
            return ReplicationRow.NOT_CONFIGURED;
        }
        Row row = rows.get(0);
        for (Row candidate : rows) {
            if (candidate.textOrEmpty(columns.channel()).isEmpty()) {
                row = candidate;
                break;
            }
        }
        Long errnoIo = row.number("Last_IO_Errno");
        Long errnoSql = row.number("Last_SQL_Errno");
        Long delay = row.number("SQL_Delay");
        ReplicationPosition gtid = row.has(columns.gtidPosition())
                ? parseGtid(row.textOrEmpty(columns.gtidPosition())) : null;
        String file = row.textOrEmpty(columns.execFile());
        Long offset = row.number(columns.execPosition());
        ReplicationPosition binlog = !file.isEmpty() && offset != null ? new BinlogPosition(file, offset) : null;
        Long port = row.number(columns.sourcePort());
        Long sourceId = row.number(columns.sourceServerId());
        return new ReplicationRow(true, row.textOrEmpty(columns.ioRunning()), row.textOrEmpty(columns.sqlRunning()),
                errnoIo == null ? 0 : errnoIo.intValue(), row.textOrEmpty("Last_IO_Error"),
                errnoSql == null ? 0 : errnoSql.intValue(), row.textOrEmpty("Last_SQL_Error"),
                row.number(columns.secondsBehind()), gtid, binlog, delay == null ? 0 : delay,
                row.textOrEmpty(columns.sourceHost()), port == null ? 0 : port.intValue(),
                sourceId == null ? 0 : sourceId);
    }

    /**
     * The statement listing the replicas connected to this server as their source: {@code SHOW SLAVE HOSTS}
     * (MariaDB, MySQL before 8.0.22), {@code SHOW REPLICAS} (MySQL 8.0.22+; 8.4 knows only this form).
     */
    String replicaHostsSql() {
        return this == MYSQL_8_0_22 || this == MYSQL_8_2 ? "SHOW REPLICAS" : "SHOW SLAVE HOSTS";
    }

    /**
     * The replicas a source lists: {@code Server_id}, {@code Host} and {@code Port} on every kind. {@code Host} is
     * the replica's {@code report_host}, empty when that is not set: such rows are left out.
     */
    List<ListedReplica> parseReplicaHosts(List<Row> rows) {
        List<ListedReplica> listed = new java.util.ArrayList<>(rows.size());
        for (Row row : rows) {
            String host = row.textOrEmpty("Host");
            Long port = row.number("Port");
            Long serverId = row.number("Server_id");
            if (host.isEmpty() || port == null || port < 1 || port > 65535) {
                continue;
            }
            listed.add(new ListedReplica(new Endpoint(host, port.intValue()), serverId == null ? 0 : serverId));
        }
        return listed;
    }

    /** The primary's binary log coordinates from its {@link #primaryBinlogSql()} rows; null when binlog is off. */
    ReplicationPosition parsePrimaryBinlog(List<Row> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        String file = rows.get(0).textOrEmpty("File");
        Long offset = rows.get(0).number("Position");
        return file.isEmpty() || offset == null ? null : new BinlogPosition(file, offset);
    }

    @Override
    public String toString() {
        return description;
    }
}
