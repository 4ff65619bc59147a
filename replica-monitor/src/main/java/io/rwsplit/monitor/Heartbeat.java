package io.rwsplit.monitor;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The heartbeat table: the monitor writes the primary's UTC clock into it every poll and reads it back on each
 * replica, so lag is told in the primary's own clock and skew between hosts cancels out. UTC rather than
 * {@code NOW(6)} keeps daylight saving changes out of the figures.
 */
final class Heartbeat {

    /** The format both sides use to move timestamps as text, free of JDBC time zone conversions. */
    static final String SQL_FORMAT = "'%Y-%m-%d %H:%i:%s.%f'";
    static final String NOW_SQL = "DATE_FORMAT(UTC_TIMESTAMP(6), " + SQL_FORMAT + ")";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final String table;
    private final String schema;

    /** @param table {@code schema.table}, each part bare or in backticks, already validated */
    Heartbeat(String table) {
        int dot = table.startsWith("`") ? table.indexOf('`', 1) + 1 : table.indexOf('.');
        this.schema = quoted(table.substring(0, dot));
        this.table = schema + "." + quoted(table.substring(dot + 1));
    }

    /** An identifier in backticks, whether it came with them or without (it holds none itself). */
    private static String quoted(String identifier) {
        return identifier.startsWith("`") ? identifier : "`" + identifier + "`";
    }

    String createSchemaSql() {
        return "CREATE DATABASE IF NOT EXISTS " + schema;
    }

    String createTableSql() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id INT PRIMARY KEY, ts DATETIME(6) NOT NULL)";
    }

    /** One parameter: the timestamp text read with {@link #NOW_SQL}. */
    String writeSql() {
        return "REPLACE INTO " + table + " (id, ts) VALUES (1, ?)";
    }

    String readSql() {
        return "SELECT DATE_FORMAT(ts, " + SQL_FORMAT + ") FROM " + table + " WHERE id = 1";
    }

    /** Microseconds since the epoch of a {@code yyyy-MM-dd HH:mm:ss.ffffff} UTC text. */
    static long parseMicros(String text) {
        try {
            LocalDateTime time = LocalDateTime.parse(text.strip(), FORMAT);
            return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + time.getNano() / 1_000;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable heartbeat timestamp \"" + Texts.cut(text, 40) + "\"", e);
        }
    }

    @Override
    public String toString() {
        return table;
    }
}
