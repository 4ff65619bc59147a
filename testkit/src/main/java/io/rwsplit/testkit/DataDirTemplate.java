package io.rwsplit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An initialised datadir (system tables, root password) that every node of the LOCAL backend starts as a copy of.
 * Initialising takes seconds and copying milliseconds, so one template is built per server binary and settings, and
 * kept as a cache for later clusters and later test runs ({@code rwsplit-template-<key>} in {@link #cacheRoot()}),
 * not in the temp directory, which the clusters leave as they found it. The key covers everything the template
 * depends on; a new binary or recipe gets a new template.
 */
final class DataDirTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirTemplate.class);
    static final String PREFIX = "rwsplit-template-";
    /** Bump when the recipe changes in a way the key does not see. */
    private static final String RECIPE = "1";
    private static final String COMPLETE_FILE = "complete";
    private static final String DATA = "data";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(30);
    static final String CACHE_PROPERTY = "rwsplit.testkit.cache";
    static final String CACHE_ENVIRONMENT_VARIABLE = "RWSPLIT_TESTKIT_CACHE";

    private DataDirTemplate() {
    }

    /** The template datadir for this binary, built if neither this JVM nor an earlier run left one. */
    static synchronized Path obtain(ServerBinary binary, String clusterName) {
        Path root = cacheRoot();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the template cache " + root + " (set -D" + CACHE_PROPERTY
                    + " or " + CACHE_ENVIRONMENT_VARIABLE + " to another directory)", e);
        }
        String key = key(binary);
        Path shared = root.resolve(PREFIX + key);
        if (Files.isDirectory(shared)) {
            checkUsable(shared);
            return shared.resolve(DATA);
        }
        removeAbandonedBuilds(root);
        Path building;
        try {
            building = Files.createTempDirectory(root, PREFIX + key + ".building-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory in " + root, e);
        }
        try {
            long started = System.nanoTime();
            build(binary, building);
            Files.writeString(building.resolve(COMPLETE_FILE), binary.versionLine() + "\n");
            publish(building, shared);
            LOG.info("{} - built template datadir for {} in {} ms: {}", clusterName, binary,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), shared);
            return shared.resolve(DATA);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a template datadir in " + building, e);
        } finally {
            ClusterDirectory.delete(building);
        }
    }

    /**
     * Where templates are kept: {@value #CACHE_PROPERTY} or {@value #CACHE_ENVIRONMENT_VARIABLE}, else
     * {@code $XDG_CACHE_HOME/rwsplit-testkit}, else {@code ~/.cache/rwsplit-testkit}.
     */
    static Path cacheRoot() {
        Optional<Configured> configured = Configured.lookup(CACHE_PROPERTY, CACHE_ENVIRONMENT_VARIABLE);
        if (configured.isPresent()) {
            return Path.of(configured.get().value());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg.trim())
                : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("rwsplit-testkit");
    }

    /** Copies the template datadir to target (which must not exist). */
    static void copy(Path template, Path target) {
        try (Stream<Path> paths = Files.walk(template)) {
            for (Path source : paths.toList()) {
                Path destination = target.resolve(template.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy template " + template + " to " + target, e);
        }
    }

    /** Everything the template depends on, hashed: binary, version, settings that shape files, root script, user. */
    static String key(ServerBinary binary) {
        StringBuilder recipe = new StringBuilder(RECIPE).append('\n');
        try {
            Path real = binary.path().toRealPath();
            recipe.append(real).append('\n').append(Files.size(real)).append('\n')
                    .append(Files.getLastModifiedTime(real).toMillis()).append('\n');
        } catch (IOException e) {
            recipe.append(binary.path()).append('\n');
        }
        recipe.append(binary.versionLine()).append('\n')
                .append(ServerConfig.storage(binary.flavor(), binary.version())).append('\n')
                .append(ServerConfig.template()).append('\n')
                .append(rootScript(binary.flavor())).append('\n')
                .append(System.getProperty("user.name"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(recipe.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static List<String> rootScript(Flavor flavor) {
        return SqlScript.load(folder(flavor) + "/template-root.sql", Map.of("ROOT_PASSWORD", Accounts.ROOT.password()));
    }

    static String folder(Flavor flavor) {
        return flavor == Flavor.MARIADB ? "mariadb" : "mysql";
    }

    private static void build(ServerBinary binary, Path directory) throws IOException {
        Path data = directory.resolve(DATA);
        Files.createDirectories(directory.resolve("tmp"));
        Path config = directory.resolve(ServerProcess.CONFIG_FILE);
        Files.writeString(config, ServerConfig.myCnf(binary.flavor(), ServerConfig.merge(
                ServerConfig.files(binary.flavor(), directory, data),
                ServerConfig.speed(binary.flavor()),
                ServerConfig.storage(binary.flavor(), binary.version()),
                ServerConfig.template())));
        Path script = directory.resolve("root.sql");
        Files.writeString(script, String.join(";\n", rootScript(binary.flavor())) + ";\n");

        List<String> command = new ArrayList<>();
        if (binary.flavor() == Flavor.MARIADB) {
            command.add(binary.installer().toString());
            command.add("--defaults-file=" + config);
            command.add("--basedir=" + binary.basedir());
            command.add("--auth-root-authentication-method=normal");
            command.add("--skip-test-db");
            command.add("--skip-name-resolve");
            command.add("--extra-file=" + script);
        } else {
            command.add(binary.path().toString());
            command.add("--defaults-file=" + config);
            command.add("--initialize-insecure");
            command.add("--init-file=" + script);
        }
        if (ServerProcess.runningAsRoot()) {
            command.add("--user=root");
        }
        run(command, directory.resolve("install.log"));
        // MySQL names each server by the server_uuid in auto.cnf: the copies must make their own.
        Files.deleteIfExists(data.resolve("auto.cnf"));
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        try {
            boolean finished = process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            if (!finished || process.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException(String.join(" ", command)
                        + (finished ? " failed with exit code " + process.exitValue() : " did not finish in time")
                        + "; last lines of its output:\n  "
                        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while initialising a datadir", e);
        }
    }

    /** Renames the finished build to its shared name in one step; another JVM may have been first, which is fine. */
    private static void publish(Path building, Path shared) {
        try {
            Files.move(building, shared, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(shared)) {
                throw new UncheckedIOException("cannot move " + building + " to " + shared, e);
            }
        }
        checkUsable(shared);
    }

    private static void checkUsable(Path shared) {
        try {
            String owner = Files.getOwner(shared).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IllegalStateException(shared + " belongs to " + owner + ", not to this user: remove it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + shared, e);
        }
        if (!Files.isRegularFile(shared.resolve(COMPLETE_FILE)) || !Files.isDirectory(shared.resolve(DATA))) {
            throw new IllegalStateException(shared + " is not a complete template datadir: remove it");
        }
    }

    /** Builds of JVMs that died while building are left half-done: remove them once they are clearly abandoned. */
    private static void removeAbandonedBuilds(Path root) {
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> builds = Files.newDirectoryStream(root, PREFIX + "*.building-*")) {
            for (Path build : builds) {
                if (Files.getLastModifiedTime(build).toInstant().isBefore(cutoff)) {
                    ClusterDirectory.delete(build);
                }
            }
        } catch (IOException e) {
            // Best effort only.
        }
    }
}
