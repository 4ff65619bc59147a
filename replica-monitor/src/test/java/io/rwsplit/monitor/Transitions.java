package io.rwsplit.monitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records every change a monitor reports, for the integration tests to wait on and measure. */
final class Transitions implements ReplicaStateListener {

    private final List<ReplicaStatus> changes = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot snapshot) {
        changes.add(current);
    }

    List<ReplicaStatus> of(Endpoint replica) {
        return changes.stream().filter(change -> change.endpoint().equals(replica)).toList();
    }

    /** Waits for the first change of the replica after {@code index} (in {@link #of}) that matches. */
    ReplicaStatus await(Endpoint replica, int after, Predicate<ReplicaStatus> condition, String what,
                        Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReplicaStatus> seen = of(replica);
            for (int i = after; i < seen.size(); i++) {
                if (condition.test(seen.get(i))) {
                    return seen.get(i);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + replica
                        + " " + what + "; changes seen: " + seen);
            }
            Thread.sleep(10);
        }
    }

    ReplicaStatus awaitState(Endpoint replica, int after, ReplicaState state, Duration timeout)
            throws InterruptedException {
        return await(replica, after, change -> change.state() == state, "is " + state, timeout);
    }

    ReplicaStatus awaitServing(Endpoint replica, int after, Duration timeout) throws InterruptedException {
        return await(replica, after, ReplicaStatus::serving, "serves reads", timeout);
    }

    int count(Endpoint replica) {
        return of(replica).size();
    }
}
