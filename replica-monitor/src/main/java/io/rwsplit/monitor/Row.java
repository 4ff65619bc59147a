package io.rwsplit.monitor;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One row of a status statement as text, looked up by column name ignoring case. */
final class Row {

    private final Map<String, String> values;

    private Row(Map<String, String> values) {
        this.values = values;
    }

    /** A row of these columns and values (values may be null, as SQL NULL). */
    static Row of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        return new Row(Collections.unmodifiableMap(copy));
    }

    /** Every row of the result set, each value read with {@link ResultSet#getString(int)}. */
    static List<Row> readAll(ResultSet resultSet) throws SQLException {
        ResultSetMetaData meta = resultSet.getMetaData();
        int columns = meta.getColumnCount();
        List<Row> rows = new ArrayList<>(1);
        while (resultSet.next()) {
            Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i <= columns; i++) {
                values.put(meta.getColumnLabel(i), resultSet.getString(i));
            }
            rows.add(new Row(Collections.unmodifiableMap(values)));
        }
        return rows;
    }

    boolean has(String column) {
        return values.containsKey(column);
    }

    /** The value, stripped; "" for SQL NULL or a missing column. */
    String textOrEmpty(String column) {
        String value = values.get(column);
        return value == null ? "" : value.strip();
    }

    /** The value as a number; null for SQL NULL, a missing column or anything not a whole number. */
    Long number(String column) {
        String value = textOrEmpty(column);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
