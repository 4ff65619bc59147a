package io.rwsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table must be the one {@link SettingsTable} generates. The generated section is also
 * written to {@code proxy-driver/target/rwsplit-properties.md}, ready to paste.
 */
class ReadmePropertiesTableTest {

    @Test
    void readmeShowsTheGeneratedSettingsTable() throws IOException {
        Path root = repositoryRoot();
        String expected = SettingsTable.section();
        Path generated = root.resolve("proxy-driver/target/rwsplit-properties.md");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, expected, StandardCharsets.UTF_8);

        Path readme = root.resolve("README.md");
        if (!Files.exists(readme)) {
            fail("README.md is missing at the repository root; add a configuration section with this text "
                    + "(also in " + root.relativize(generated) + "):\n" + expected);
        }
        String text = Files.readString(readme, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int start = text.indexOf(SettingsTable.START);
        int end = text.indexOf(SettingsTable.END);
        if (start < 0 || end < start) {
            fail("README.md has no " + SettingsTable.START + " ... " + SettingsTable.END + " section; add this text "
                    + "(also in " + root.relativize(generated) + "):\n" + expected);
        }
        String actual = text.substring(start, end + SettingsTable.END.length()) + "\n";
        assertThat(actual)
                .as("the settings table in README.md differs from the generated one; replace the section with the "
                        + "text of " + root.relativize(generated) + ", or run io.rwsplit.config.SettingsTable")
                .isEqualTo(expected);
    }

    @Test
    void generatesOneRowPerSetting() {
        String table = SettingsTable.markdown();

        for (Setting<?> setting : Settings.all()) {
            assertThat(table).contains("| `" + setting.name() + "` | " + setting.defaultText() + " | ");
        }
        assertThat(table.lines().filter(line -> line.startsWith("| `")).count()).isEqualTo(Settings.all().size());
        assertThat(SettingsTable.section()).startsWith(SettingsTable.START + "\n").endsWith(SettingsTable.END + "\n");
    }

    /** Walks up from the working directory (the module's, under Maven) to the folder holding proxy-driver/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("proxy-driver")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("cannot find the repository root (the folder with proxy-driver/ and pom.xml) above "
                + Path.of("").toAbsolutePath());
    }
}
