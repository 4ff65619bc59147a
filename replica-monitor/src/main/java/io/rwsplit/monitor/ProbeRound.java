package io.rwsplit.monitor;

/** The probes of one poll round, counted so that start can wait until each has answered or timed out. */
final class ProbeRound {

    private int pending;

    synchronized void register() {
        pending++;
    }

    synchronized void done() {
        if (--pending <= 0) {
            notifyAll();
        }
    }

    /** Waits until every registered probe is done, at most until {@code deadlineNanos}; false on timeout. */
    synchronized boolean await(long deadlineNanos) throws InterruptedException {
        while (pending > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
