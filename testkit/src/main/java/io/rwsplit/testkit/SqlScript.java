package io.rwsplit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set-up script kept as a resource next to this class, with {@code ${NAME}} placeholders. Statements end with a
 * {@code ;} at the end of a line; lines starting with {@code --} are comments.
 */
final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static final Pattern UNSAFE = Pattern.compile("['\"`\\\\;]");

    private SqlScript() {
    }

    /** Loads {@code <flavor folder>/<name>} and renders it. */
    static List<String> load(String resource, Map<String, String> values) {
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " next to " + SqlScript.class);
            }
            return render(new String(in.readAllBytes(), StandardCharsets.UTF_8), values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /** Replaces the placeholders and splits the text into statements. */
    static List<String> render(String text, Map<String, String> values) {
        StringBuilder current = new StringBuilder();
        List<String> statements = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(substitute(trimmed, values));
            if (trimmed.endsWith(";")) {
                statements.add(current.substring(0, current.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            throw new IllegalArgumentException("statement without a closing ';': " + current);
        }
        return statements;
    }

    private static String substitute(String line, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder ${" + name + "} in: " + line);
            }
            if (UNSAFE.matcher(value).find()) {
                throw new IllegalArgumentException("value of ${" + name + "} contains a quote, backslash or ';'");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
