package io.rwsplit.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters set on a logical PreparedStatement, kept until it runs, because only then is it known which
 * backend it runs on. Each value is a small setter that replays the app's own call on the physical statement.
 */
final class Parameters {

    /** Replays one setXxx call. */
    @FunctionalInterface
    interface Setter {
        void apply(PreparedStatement statement, int index) throws SQLException;
    }

    private Setter[] setters = new Setter[8];
    private int highest;

    void set(int index, Setter setter) throws SQLException {
        if (index < 1) {
            throw new SQLException("Parameter index " + index + " is out of range (it starts at 1)", "S1009");
        }
        if (index > setters.length) {
            setters = Arrays.copyOf(setters, Math.max(index, setters.length * 2));
        }
        setters[index - 1] = setter;
        highest = Math.max(highest, index);
    }

    void clear() {
        Arrays.fill(setters, 0, highest, null);
        highest = 0;
    }

    boolean isEmpty() {
        return highest == 0;
    }

    void applyTo(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < highest; i++) {
            Setter setter = setters[i];
            if (setter != null) {
                setter.apply(statement, i + 1);
            }
        }
    }

    Parameters copy() {
        Parameters copy = new Parameters();
        copy.setters = Arrays.copyOf(setters, Math.max(highest, 1));
        copy.highest = highest;
        return copy;
    }
}
