package io.rwsplit.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * One measured run: one workload, one variant, one round.
 *
 * @param units        units of work completed
 * @param nanos        how long the run took
 * @param latency      per unit of work, in nanoseconds
 * @param errors       units that failed (none is expected)
 * @param firstError   the first failure, or null
 * @param cpuNanos     CPU time of the application threads per unit of work (driver, pool and benchmark code)
 * @param statements   statements the servers received per unit of work, per node (primary first), background
 *                     traffic taken off
 * @param selects      SELECTs the servers ran per unit of work, per node, the same way
 * @param jvmCpuNanos  CPU time of the whole JVM per unit of work (the driver's background threads too); -1 if unknown
 * @param serverCpuNanos CPU time of each server process per unit of work, per node; -1 where it was not read
 * @param commands     per server counter ({@code Com_*}, {@code Bytes_*}), its increase per unit of work on the
 *                     primary and on the replicas, background traffic included
 * @param loadAverage  the machine's one-minute load average at the end of the run
 */
record Run(Workload workload, Variant variant, int round, long units, long nanos, Histogram latency, long errors,
           String firstError, double cpuNanos, double[] statements, double[] selects, double jvmCpuNanos,
           double[] serverCpuNanos, java.util.Map<String, double[]> commands, double loadAverage) {

    double unitsPerSecond() {
        return nanos == 0 ? 0 : units * 1e9 / nanos;
    }

    double statementsOnPrimary() {
        return statements[0];
    }

    double statementsOnReplicas() {
        return onReplicas(statements);
    }

    double selectsOnPrimary() {
        return selects[0];
    }

    double selectsOnReplicas() {
        return onReplicas(selects);
    }

    double serverCpuOnPrimary() {
        return serverCpuNanos[0];
    }

    double serverCpuOnReplicas() {
        for (int i = 1; i < serverCpuNanos.length; i++) {
            if (serverCpuNanos[i] < 0) {
                return -1;
            }
        }
        return onReplicas(serverCpuNanos);
    }

    /** The JVM and every server: what a unit of work cost the whole machine; -1 if any part is unknown. */
    double machineCpuNanos() {
        double sum = jvmCpuNanos;
        for (double server : serverCpuNanos) {
            if (server < 0) {
                return -1;
            }
            sum += server;
        }
        return jvmCpuNanos < 0 ? -1 : sum;
    }

    private static double onReplicas(double[] perNode) {
        double sum = 0;
        for (int i = 1; i < perNode.length; i++) {
            sum += perNode[i];
        }
        return sum;
    }
}
