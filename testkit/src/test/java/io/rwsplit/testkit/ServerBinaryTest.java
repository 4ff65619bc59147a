package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerBinaryTest {

    @Test
    void readsMariaDbVersionOutput() {
        ServerBinary binary = ServerBinary.parse(Path.of("/usr/sbin/mariadbd"),
                "/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)\n");
        assertThat(binary.flavor()).isEqualTo(Flavor.MARIADB);
        assertThat(binary.version()).isEqualTo(new ServerVersion(10, 11, 19));
        assertThat(binary.versionLine()).startsWith("/usr/sbin/mariadbd  Ver 10.11.19");
        assertThat(binary.basedir()).isEqualTo(Path.of("/usr"));
    }

    @Test
    void readsMySqlVersionOutputEvenWithDigitsInThePath() {
        ServerBinary binary = ServerBinary.parse(Path.of("/opt/mysql-1.2.3/bin/mysqld"),
                "/opt/mysql-1.2.3/bin/mysqld  Ver 8.4.3 for Linux on x86_64 (MySQL Community Server - GPL)");
        assertThat(binary.flavor()).isEqualTo(Flavor.MYSQL);
        assertThat(binary.version()).isEqualTo(new ServerVersion(8, 4, 3));
    }

    @Test
    void comparesVersions() {
        assertThat(new ServerVersion(10, 11, 19).atLeast(10, 6, 0)).isTrue();
        assertThat(new ServerVersion(10, 5, 30).atLeast(10, 6, 0)).isFalse();
        assertThat(new ServerVersion(8, 0, 23).atLeast(8, 0, 23)).isTrue();
        assertThat(ServerVersion.find("x 8.0.36-28 y")).hasToString("8.0.36");
    }

    @Test
    void prefersMariadbdAnywhereOverMysqldEarlierOnThePath(@TempDir Path temp) throws IOException {
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));
        executable(first.resolve("mysqld"));
        executable(second.resolve("mariadbd"));
        Files.writeString(first.resolve("mariadbd"), "not executable");

        assertThat(ServerBinary.find(List.of("mariadbd", "mysqld"), List.of(first, second)))
                .contains(second.resolve("mariadbd"));
        assertThat(ServerBinary.find(List.of("mysqld"), List.of(first, second))).contains(first.resolve("mysqld"));
        assertThat(ServerBinary.find(List.of("nothing"), List.of(first, second))).isEmpty();
    }

    @Test
    void searchesThePathThenTheSystemDirectories() {
        assertThat(ServerBinary.searchDirectories("/a:/usr/sbin::/b"))
                .startsWith(Path.of("/a"), Path.of("/usr/sbin"), Path.of("/b"))
                .contains(Path.of("/usr/local/sbin"))
                .doesNotHaveDuplicates();
        assertThat(ServerBinary.searchDirectories(null)).contains(Path.of("/usr/sbin"));
    }

    private static void executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
