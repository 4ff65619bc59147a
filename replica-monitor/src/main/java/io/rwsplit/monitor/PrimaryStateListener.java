package io.rwsplit.monitor;

/**
 * Told when the primary stops or starts answering the monitor's probes. Called on a monitor thread, once per change,
 * in order; it must return quickly and must not call back into the monitor's blocking methods. What it throws is
 * logged and ignored.
 */
@FunctionalInterface
public interface PrimaryStateListener {

    /**
     * @param reachable whether the primary answered the last probe
     * @param reason    why it is unreachable (a probe timeout, or the connection error); null when reachable
     */
    void onPrimaryChange(boolean reachable, String reason);
}
