package io.rwsplit.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The {@code mariadbd} or {@code mysqld} binary the LOCAL backend runs, with its flavor and version. */
final class ServerBinary {

    static final String PROPERTY = "rwsplit.testkit.server";
    static final String ENVIRONMENT_VARIABLE = "RWSPLIT_TESTKIT_SERVER";
    static final String INSTALL_HINT = "apt-get install -y mariadb-server";

    private static final List<String> SERVER_NAMES = List.of("mariadbd", "mysqld");
    private static final List<String> INSTALLER_NAMES = List.of("mariadb-install-db", "mysql_install_db");
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin");

    private final Path path;
    private final Flavor flavor;
    private final ServerVersion version;
    private final String versionLine;

    private ServerBinary(Path path, Flavor flavor, ServerVersion version, String versionLine) {
        this.path = path;
        this.flavor = flavor;
        this.version = version;
        this.versionLine = versionLine;
    }

    /**
     * The binary named by {@value #PROPERTY} / {@value #ENVIRONMENT_VARIABLE}, else the first {@code mariadbd}, else
     * the first {@code mysqld}, on PATH or in /usr/sbin.
     */
    static ServerBinary locate() {
        Optional<Configured> configured = Configured.lookup(PROPERTY, ENVIRONMENT_VARIABLE);
        if (configured.isPresent()) {
            Path path = Path.of(configured.get().value());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(configured.get().source() + " = \"" + configured.get().value()
                        + "\": not an executable file");
            }
            return probe(path);
        }
        return find(SERVER_NAMES, searchDirectories(System.getenv("PATH")))
                .map(ServerBinary::probe)
                .orElseThrow(() -> new IllegalStateException("No MariaDB or MySQL server binary found (looked for "
                        + String.join(" and ", SERVER_NAMES) + " on PATH and in /usr/sbin). Install one: "
                        + INSTALL_HINT + " (Debian/Ubuntu), or point the system property " + PROPERTY
                        + " (environment variable " + ENVIRONMENT_VARIABLE + ") at a mariadbd or mysqld binary."));
    }

    /** Runs {@code <binary> --version} and checks that flavor and version are supported. */
    static ServerBinary probe(Path path) {
        String output = run(List.of(path.toString(), "--version"));
        ServerBinary binary = parse(path, output);
        binary.checkSupported();
        return binary;
    }

    /** Reads flavor and version from {@code --version} output such as {@code "mariadbd  Ver 10.11.19-MariaDB ..."}. */
    static ServerBinary parse(Path path, String versionOutput) {
        String line = versionOutput.strip().lines().findFirst().orElse("");
        int ver = line.indexOf("Ver ");
        ServerVersion version = ServerVersion.find(ver >= 0 ? line.substring(ver) : line);
        return new ServerBinary(path, Flavor.ofVersionString(line), version, line);
    }

    private void checkSupported() {
        boolean supported = flavor == Flavor.MARIADB ? version.atLeast(10, 6, 0) : version.atLeast(8, 0, 23);
        if (!supported) {
            throw new IllegalStateException(path + " is " + flavor + " " + version
                    + "; the testkit needs MariaDB 10.6+ or MySQL 8.0.23+ (" + INSTALL_HINT + ")");
        }
    }

    /** MariaDB's {@code mariadb-install-db}: next to the server, in its installation's bin/ or scripts/, or on PATH. */
    Path installer() {
        Path base = basedir();
        List<Path> directories = new ArrayList<>();
        directories.add(path.toAbsolutePath().getParent());
        directories.add(base.resolve("bin"));
        directories.add(base.resolve("scripts"));
        directories.addAll(searchDirectories(System.getenv("PATH")));
        return find(INSTALLER_NAMES, directories).orElseThrow(() -> new IllegalStateException(
                "mariadb-install-db not found next to " + path + " nor on PATH; it comes with the server package ("
                        + INSTALL_HINT + ")"));
    }

    /** The installation directory: the parent of the directory holding the binary (/usr for /usr/sbin/mariadbd). */
    Path basedir() {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            real = path.toAbsolutePath();
        }
        Path parent = real.getParent().getParent();
        return parent != null ? parent : real.getParent();
    }

    Path path() {
        return path;
    }

    Flavor flavor() {
        return flavor;
    }

    ServerVersion version() {
        return version;
    }

    /** The first line of {@code --version}, e.g. {@code "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for ..."}. */
    String versionLine() {
        return versionLine;
    }

    @Override
    public String toString() {
        return path + " (" + flavor + " " + version + ")";
    }

    static List<Path> searchDirectories(String pathVariable) {
        Set<Path> directories = new LinkedHashSet<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    directories.add(Path.of(entry));
                }
            }
        }
        SYSTEM_DIRECTORIES.forEach(directory -> directories.add(Path.of(directory)));
        return List.copyOf(directories);
    }

    /** The first executable of the first name found in any directory: all directories are tried for each name. */
    static Optional<Path> find(List<String> names, List<Path> directories) {
        for (String name : names) {
            for (Path directory : directories) {
                Path candidate = directory.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs a short command and returns its combined output; fails when it exits non-zero. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
