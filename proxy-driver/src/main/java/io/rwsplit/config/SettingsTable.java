package io.rwsplit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the settings as the README's Markdown table, between {@link #START} and {@link #END}. A test fails when
 * the README drifts from it. To print the section without Maven, after a build:
 *
 * <pre>
 * java -cp proxy-driver/target/classes:replica-monitor/target/classes io.rwsplit.config.SettingsTable
 * </pre>
 *
 * With a file argument it writes the section to that file instead.
 */
public final class SettingsTable {

    public static final String START = "<!-- rwsplit-properties:start -->";

    public static final String END = "<!-- rwsplit-properties:end -->";

    private SettingsTable() {
    }

    /** The text between the markers (starting and ending with a line break). */
    public static String markdown() {
        StringBuilder table = new StringBuilder("\n");
        table.append("Durations are milliseconds, or a whole number with a unit: `500ms`, `2s`, `1m`, `1h`. ")
                .append("An empty value means the default.\n\n");
        table.append("| Property | Default | Description |\n");
        table.append("| --- | --- | --- |\n");
        for (Setting<?> setting : Settings.all()) {
            table.append("| `").append(setting.name()).append("` | ")
                    .append(cell(setting.defaultText())).append(" | ")
                    .append(cell(setting.description())).append(" |\n");
        }
        return table.append('\n').toString();
    }

    /** The markers with the table between them, as the README holds them. */
    public static String section() {
        return START + markdown() + END + "\n";
    }

    /** Prints {@link #section()}, or writes it to the file named by the first argument. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            Path target = Path.of(args[0]);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, section(), StandardCharsets.UTF_8);
        } else {
            System.out.print(section());
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
