package io.rwsplit.samples.driveronly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What depending on rwsplit-driver puts on an app's classpath: the driver, the monitor, Connector/J (with its own
 * protobuf), HikariCP, JSqlParser and SLF4J's API, and nothing else. Micrometer is optional: the driver publishes
 * meters only when the app brings it.
 */
class UserClasspathTest {

    /** What this test itself runs with, not what the driver brings. */
    private static final List<String> TEST_ONLY = List.of("junit-", "opentest4j-", "apiguardian-", "assertj-",
            "byte-buddy", "surefire", "test-classes");

    @Test
    void holdsOnlyTheDriverAndTheLibrariesItNeeds() {
        assertThat(runtimeLibraries()).containsExactly("HikariCP", "jsqlparser", "mysql-connector-j",
                "protobuf-java", "rwsplit-driver", "rwsplit-replica-monitor", "slf4j-api");
    }

    @Test
    void leavesMicrometerToTheApp() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.Metrics"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    /** Artifact names on the test class path, without versions; a module of this build shows as its directory. */
    private static Set<String> runtimeLibraries() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Set<String> names = new TreeSet<>();
        for (String entry : path.split(File.pathSeparator)) {
            File file = new File(entry);
            // This module has no main classes of its own: its target/classes is listed but never made.
            if (!file.exists() || TEST_ONLY.stream().anyMatch(entry::contains)) {
                continue;
            }
            names.add(artifact(file));
        }
        return names;
    }

    private static String artifact(File entry) {
        if (entry.isDirectory()) {
            // target/classes of a module in this build: name it after the module's artifact.
            File module = entry.getParentFile().getParentFile();
            return switch (module.getName()) {
                case "proxy-driver" -> "rwsplit-driver";
                case "replica-monitor" -> "rwsplit-replica-monitor";
                default -> module.getName();
            };
        }
        String jar = entry.getName().replaceFirst("\\.jar$", "");
        return Arrays.stream(jar.split("-"))
                .takeWhile(part -> part.isEmpty() || !Character.isDigit(part.charAt(0)))
                .reduce((a, b) -> a + "-" + b).orElse(jar);
    }
}
