package io.rwsplit.benchmarks.micro;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.RouteHint;
import io.rwsplit.sql.SqlClassifier;
import io.rwsplit.sql.StatementKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' statements: subsets of the classifier's corpus in {@code /sql/*.tsv}, in its format
 * ({@code KIND<TAB>[HINT<TAB>]SQL}, {@code #} comments, {@code \n \r \t \\} escapes).
 */
final class Corpus {

    /** One statement and what the classifier should say of it. */
    record Entry(StatementKind kind, RouteHint hint, String sql) {
    }

    private Corpus() {
    }

    /** @param group {@code oltp}, {@code mixed} or {@code all} (both) */
    static List<Entry> load(String group) {
        if (group.equals("all")) {
            List<Entry> all = new ArrayList<>(load("oltp"));
            all.addAll(load("mixed"));
            return all;
        }
        String resource = "/sql/" + group + ".tsv";
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus " + resource + "; groups are oltp, mixed and all");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    entries.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The statements' texts, each checked against the classifier so that a benchmark never measures a wrong answer. */
    static String[] checkedTexts(List<Entry> entries) {
        SqlClassifier classifier = new SqlClassifier(0, 65_536);
        List<String> wrong = new ArrayList<>();
        String[] texts = new String[entries.size()];
        for (int i = 0; i < texts.length; i++) {
            Entry entry = entries.get(i);
            Classification actual = classifier.classify(entry.sql());
            if (actual.kind() != entry.kind() || actual.hint() != entry.hint()) {
                wrong.add(entry.kind() + "/" + entry.hint() + " expected, " + actual.kind() + "/" + actual.hint()
                        + " classified: " + entry.sql());
            }
            texts[i] = entry.sql();
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("the classifier disagrees with the benchmark corpus on " + wrong.size()
                    + " statements (update benchmarks/src/main/resources/sql from the classifier's corpus):\n  "
                    + String.join("\n  ", wrong));
        }
        return texts;
    }

    private static Entry parse(String line) {
        String[] fields = line.split("\t", 3);
        if (fields.length < 2) {
            throw new IllegalArgumentException("expected KIND<TAB>SQL, got: " + line);
        }
        RouteHint hint = RouteHint.NONE;
        String sql = line.substring(fields[0].length() + 1);
        if (fields.length == 3 && (fields[1].equals("PRIMARY") || fields[1].equals("REPLICA"))) {
            hint = RouteHint.valueOf(fields[1]);
            sql = fields[2];
        }
        String kind = fields[0];
        int paren = kind.indexOf('(');
        if (paren > 0) {
            kind = kind.substring(0, paren);
        }
        return new Entry(StatementKind.valueOf(kind), hint, unescape(sql));
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (c == '\\' && (next == 'n' || next == 'r' || next == 't' || next == '\\')) {
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : '\\');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
