package io.rwsplit.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of whole processes: this JVM's (all its threads, the driver's background ones too) and a server's. */
final class ProcessCpu {

    /** Linux's clock ticks per second for {@code /proc/<pid>/stat}, the same on every platform it runs on. */
    private static final long TICKS_PER_SECOND = 100;
    /** utime and stime are the 14th and 15th fields; the 2nd, the command, may hold spaces, so count after it. */
    private static final int UTIME_AFTER_COMMAND = 11;

    private ProcessCpu() {
    }

    /** This JVM's CPU time so far, in nanoseconds; -1 where the platform does not say. */
    static long ofThisJvm() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The CPU time so far of the process whose {@code /proc/<pid>/stat} this is, in nanoseconds; -1 if unreadable. */
    static long ofStat(Path stat) {
        if (stat == null) {
            return -1;
        }
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[UTIME_AFTER_COMMAND + 1]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
