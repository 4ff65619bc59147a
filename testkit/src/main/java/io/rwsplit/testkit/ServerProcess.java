package io.rwsplit.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mariadbd}/{@code mysqld} process of the LOCAL backend. It reads {@code my.cnf} in its node directory,
 * writes stdout and stderr to {@code server.log} there, and its pid to {@code process.pid} (for leftover clean-up).
 */
final class ServerProcess {

    static final String CONFIG_FILE = "my.cnf";
    static final String LOG_FILE = "server.log";
    static final String PID_FILE = "process.pid";

    private static final int TAIL_LINES = 25;
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path directory;
    private Process process;
    private long logOffset;

    ServerProcess(Path binary, Path directory) {
        this.binary = binary;
        this.directory = directory;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    Path logFile() {
        return directory.resolve(LOG_FILE);
    }

    synchronized void launch() {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        // First argument, or the system-wide option files leak in.
        command.add("--defaults-file=" + directory.resolve(CONFIG_FILE));
        if (runningAsRoot()) {
            command.add("--user=root");
        }
        try {
            Path log = logFile();
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            Files.writeString(directory.resolve(PID_FILE), process.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Null while the process runs, else its exit code and the end of its log since the last launch. */
    synchronized String failure() {
        if (process == null || process.isAlive()) {
            return null;
        }
        return binary.getFileName() + " exited with code " + process.exitValue() + "; " + logTail();
    }

    /** True when the last launch failed because the port was taken. */
    synchronized boolean portWasTaken() {
        String log = recentLog();
        return log.contains("Address already in use") || log.contains("Bind on TCP/IP port");
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() {
        Process current = current();
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroyForcibly();
        awaitExit(current, KILL_WAIT);
    }

    /** SIGKILL without waiting, for closing many servers at once. */
    void killNow() {
        Process current = current();
        if (current != null) {
            current.destroyForcibly();
        }
    }

    /** Waits for the process started last to be gone, up to the given time. */
    boolean awaitExit(Duration timeout) {
        Process current = current();
        return current == null || awaitExit(current, timeout);
    }

    /** SIGTERM (after SIGCONT, in case it is frozen) and a clean shutdown; SIGKILL if it takes longer than grace. */
    void stop(Duration grace) {
        Process current = current();
        if (current == null || !current.isAlive()) {
            return;
        }
        signal("CONT");
        current.destroy();
        if (!awaitExit(current, grace)) {
            kill();
        }
    }

    /** SIGSTOP; returns once the kernel reports the process stopped (where /proc tells). */
    void freeze() {
        signal("STOP");
        long pid = pid();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while ("RSD".indexOf(state(pid)) >= 0 && System.nanoTime() < deadline) {
            Sql.sleep(Duration.ofMillis(5));
        }
    }

    /**
     * The process state letter from /proc (R running, S sleeping, T stopped, Z zombie, ...), or '?' where /proc
     * does not tell (not Linux, or no such process).
     */
    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ...": the state follows the last ')'.
            String rest = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return rest.isEmpty() ? '?' : rest.charAt(0);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    void thaw() {
        signal("CONT");
    }

    private synchronized Process current() {
        return process;
    }

    private void signal(String name) {
        long pid = pid();
        if (pid < 0 || !isAlive()) {
            throw new IllegalStateException("server in " + directory + " is not running");
        }
        // The shell's built-in kill: Java has no API for STOP and CONT, and procps may not be installed.
        ServerBinary.run(List.of("sh", "-c", "kill -" + name + " \"$1\"", "sh", Long.toString(pid)));
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + process.pid() + " to exit", e);
        }
    }

    /** The last lines the server wrote since its last launch, for error messages. */
    synchronized String logTail() {
        List<String> lines = recentLog().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "last lines of its " + LOG_FILE + ":\n  " + String.join("\n  ", tail);
    }

    private String recentLog() {
        try (RandomAccessFile file = new RandomAccessFile(logFile().toFile(), "r")) {
            long start = Math.min(logOffset, file.length());
            long from = Math.max(start, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile() + ": " + e.getMessage() + ")";
        }
    }
}
