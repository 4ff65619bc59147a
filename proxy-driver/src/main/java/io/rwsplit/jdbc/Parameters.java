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

    /** What a journal counts for a value whose size is not given: a number, a date, a small object. */
    private static final int VALUE_BYTES = 16;

    private Setter[] setters = new Setter[8];
    private int[] sizes = new int[8];
    private int highest;
    /** Values that can be sent only once (a stream, a reader, a LOB): a transaction with them cannot be replayed. */
    private int oneShot;

    void set(int index, Setter setter) throws SQLException {
        set(index, setter, VALUE_BYTES, false);
    }

    /** A value of about {@code bytes} bytes (a string, a byte array), as a transaction journal counts it. */
    void set(int index, Setter setter, int bytes) throws SQLException {
        set(index, setter, bytes, false);
    }

    /** A value that can be sent only once: a stream, a reader or a LOB. */
    void setOnce(int index, Setter setter) throws SQLException {
        set(index, setter, VALUE_BYTES, true);
    }

    private void set(int index, Setter setter, int bytes, boolean once) throws SQLException {
        if (index < 1) {
            throw new SQLException("Parameter index " + index + " is out of range (it starts at 1)", "S1009");
        }
        if (index > setters.length) {
            setters = Arrays.copyOf(setters, Math.max(index, setters.length * 2));
            sizes = Arrays.copyOf(sizes, setters.length);
        }
        if (sizes[index - 1] < 0) {
            oneShot--;
        }
        setters[index - 1] = setter;
        sizes[index - 1] = once ? -1 : bytes;
        if (once) {
            oneShot++;
        }
        highest = Math.max(highest, index);
    }

    void clear() {
        Arrays.fill(setters, 0, highest, null);
        Arrays.fill(sizes, 0, highest, 0);
        highest = 0;
        oneShot = 0;
    }

    /** Whether every value can be sent again, as a replay must. */
    boolean replayable() {
        return oneShot == 0;
    }

    /** About how much memory the values take, as a transaction journal counts it. */
    long approximateBytes() {
        long total = 0;
        for (int i = 0; i < highest; i++) {
            total += Math.max(sizes[i], VALUE_BYTES);
        }
        return total;
    }

    boolean isEmpty() {
        return highest == 0;
    }

    void applyTo(PreparedStatement statement) throws SQLException {
        applyTo(statement, 0);
    }

    /** Sets the values on a statement in which this one's placeholders come after {@code offset} others. */
    void applyTo(PreparedStatement statement, int offset) throws SQLException {
        for (int i = 0; i < highest; i++) {
            Setter setter = setters[i];
            if (setter != null) {
                setter.apply(statement, offset + i + 1);
            }
        }
    }

    /** How many values are set, counting up to the highest index. */
    int count() {
        return highest;
    }

    Parameters copy() {
        Parameters copy = new Parameters();
        copy.setters = Arrays.copyOf(setters, Math.max(highest, 1));
        copy.sizes = Arrays.copyOf(sizes, Math.max(highest, 1));
        copy.highest = highest;
        copy.oneShot = oneShot;
        return copy;
    }
}
