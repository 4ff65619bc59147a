package io.rwsplit.monitor;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements and column names of one family of server versions, chosen from {@code SELECT VERSION()}.
 * Connector/J reports MariaDB as {@code 5.5.5-10.11.19-MariaDB}, so the version text decides, not driver metadata.
 */
enum Dialect {

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
                           String execFile, String gtidPosition, String channel) {

        static final Columns MARIADB = new Columns("Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master",
                "Exec_Master_Log_Pos", "Relay_Master_Log_File", "Gtid_Slave_Pos", "Connection_name");
        static final Columns MYSQL_SLAVE = new Columns("Slave_IO_Running", "Slave_SQL_Running",
                "Seconds_Behind_Master", "Exec_Master_Log_Pos", "Relay_Master_Log_File", "Executed_Gtid_Set",
                "Channel_Name");
        static final Columns MYSQL_REPLICA = new Columns("Replica_IO_Running", "Replica_SQL_Running",
                "Seconds_Behind_Source", "Exec_Source_Log_Pos", "Relay_Source_Log_File", "Executed_Gtid_Set",
                "Channel_Name");
    }

    private final String description;
    private final String replicaStatusSql;
    private final Columns columns;
    private final String primaryGtidVariable;
    private final String primaryBinlogSql;
    private final Function<String, ReplicationPosition> gtidParser;

    Dialect(String description, String replicaStatusSql, Columns columns, String primaryGtidVariable,
            String primaryBinlogSql, Function<String, ReplicationPosition> gtidParser) {
        this.description = description;
        this.replicaStatusSql = replicaStatusSql;
        this.columns = columns;
        this.primaryGtidVariable = primaryGtidVariable;
        this.primaryBinlogSql = primaryBinlogSql;
        this.gtidParser = gtidParser;
    }

    /**
     * The dialect of a server from its {@code VERSION()}: {@code 10.11.19-MariaDB-log},
     * {@code 5.5.5-10.11.19-MariaDB-0+deb12u1}, {@code 8.4.3}, {@code 5.7.44-log}. A version that cannot be read is
     * taken for the newest of its family.
     */
    static Dialect detect(String version) {
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
        return new ReplicationRow(true, row.textOrEmpty(columns.ioRunning()), row.textOrEmpty(columns.sqlRunning()),
                errnoIo == null ? 0 : errnoIo.intValue(), row.textOrEmpty("Last_IO_Error"),
                errnoSql == null ? 0 : errnoSql.intValue(), row.textOrEmpty("Last_SQL_Error"),
                row.number(columns.secondsBehind()), gtid, binlog, delay == null ? 0 : delay);
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
