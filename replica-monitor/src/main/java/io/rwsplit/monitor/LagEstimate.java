package io.rwsplit.monitor;

import java.util.Locale;

/**
 * A replica's lag and how it was found.
 *
 * @param millis lag in milliseconds, -1 when unknown
 * @param method     how it was measured
 * @param lowerBound whether the true lag may be larger (the replica is behind everything remembered)
 * @param note       what the figure rests on, for debug lines and for the reason of an unknown lag
 */
record LagEstimate(long millis, Method method, boolean lowerBound, String note) {

    /** How a lag figure was obtained, from the most to the least precise. */
    enum Method {
        /** The replica has applied the primary's latest observed position: no lag. */
        CAUGHT_UP,
        /** Primary clock now minus the heartbeat timestamp the replica has applied. */
        HEARTBEAT,
        /** Age of the oldest primary position the replica has not applied, from the position history. */
        POSITION_HISTORY,
        /** The server's own {@code Seconds_Behind_Master/Source}, whole seconds. */
        SECONDS_BEHIND,
        /** No figure. */
        UNKNOWN
    }

    static LagEstimate unknown(String why) {
        return new LagEstimate(-1, Method.UNKNOWN, false, why);
    }

    static LagEstimate of(long millis, Method method, String note) {
        return new LagEstimate(millis, method, false, note);
    }

    boolean known() {
        return millis >= 0;
    }

    @Override
    public String toString() {
        if (!known()) {
            return "unknown (" + note + ")";
        }
        return (lowerBound ? ">=" : "") + millis + "ms by " + method.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
