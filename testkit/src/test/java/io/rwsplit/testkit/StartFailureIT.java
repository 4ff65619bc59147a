package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that does not start: the exception says why, with the end of its log, and nothing is left behind. LOCAL
 * backend only: the failing server is a fake local installation.
 */
class StartFailureIT {

    private Path installation;
    private ServerBinary failing;

    @Test
    void startFailureReportsTheServerLogAndLeavesNothingBehind() throws IOException {
        ServerBinary real = ServerBinary.locate();
        assumeTrue(real.flavor() == Flavor.MARIADB, "needs MariaDB (the failing server wraps mariadb-install-db)");
        Path server = fakeInstallation(real);
        String previous = System.setProperty(ServerBinary.PROPERTY, server.toString());
        try {
            failing = ServerBinary.probe(server);
            assertThatThrownBy(() -> ReplicationCluster.builder().name("failing").replicas(1).backend(Backend.LOCAL)
                    .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failing primary on port")
                    .hasMessageContaining("exited with code 3")
                    .hasMessageContaining("simulated start failure");
        } finally {
            if (previous == null) {
                System.clearProperty(ServerBinary.PROPERTY);
            } else {
                System.setProperty(ServerBinary.PROPERTY, previous);
            }
        }
        try (Stream<Path> left = Files.list(ClusterDirectory.tempRoot())) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(ClusterDirectory.PREFIX + "failing-"));
        }
    }

    @AfterEach
    void removeTheFakeInstallationAndItsTemplate() {
        if (failing != null) {
            ClusterDirectory.delete(DataDirTemplate.cacheRoot().resolve(DataDirTemplate.PREFIX
                    + DataDirTemplate.key(failing)));
        }
        if (installation != null) {
            // Removes the links to the real installation, never what they point to.
            ClusterDirectory.delete(installation);
        }
    }

    /**
     * An installation whose server answers --version and bootstraps the template like the real one, and fails to
     * start as a server.
     */
    private Path fakeInstallation(ServerBinary real) throws IOException {
        installation = Files.createTempDirectory("rwsplit-fake-installation-");
        Path base = real.basedir();
        for (String shared : List.of("bin", "share", "lib")) {
            Files.createSymbolicLink(installation.resolve(shared), base.resolve(shared));
        }
        Path server = Files.createDirectories(installation.resolve("sbin")).resolve("mariadbd");
        Files.writeString(server, """
                #!/bin/sh
                case " $* " in
                  *" --version "*|*" --bootstrap "*) exec "%s" "$@" ;;
                esac
                echo "[ERROR] simulated start failure"
                exit 3
                """.formatted(real.path().toRealPath()));
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
        return server;
    }
}
