package io.rwsplit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every line of {@code sql/classifier-corpus.tsv} (its header explains the format) as one test. */
class SqlClassifierCorpusTest {

    private static final String CORPUS = "sql/classifier-corpus.tsv";

    /** One corpus line. */
    record Case(int line, StatementKind kind, RouteHint hint, String temporaryTable, String sql) {
        @Override
        public String toString() {
            String shown = sql.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
            return "line " + line + ": " + (shown.length() > 100 ? shown.substring(0, 100) + "..." : shown);
        }
    }

    private final SqlClassifier classifier = new SqlClassifier(10_000, 4096);

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = SqlClassifierCorpusTest.class.getClassLoader().getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS + " on the test class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    cases.add(parse(number, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Case parse(int number, String line) {
        String[] fields = line.split("\t", 3);
        if (fields.length < 2) {
            throw new IllegalArgumentException(CORPUS + ":" + number + ": expected KIND<TAB>SQL, got: " + line);
        }
        RouteHint hint = RouteHint.NONE;
        String sql = line.substring(fields[0].length() + 1);
        if (fields.length == 3 && (fields[1].equals("PRIMARY") || fields[1].equals("REPLICA"))) {
            hint = RouteHint.valueOf(fields[1]);
            sql = fields[2];
        }
        String expectation = fields[0];
        String table = null;
        int paren = expectation.indexOf('(');
        if (paren > 0 && expectation.endsWith(")")) {
            table = expectation.substring(paren + 1, expectation.length() - 1);
            expectation = expectation.substring(0, paren);
        }
        return new Case(number, StatementKind.valueOf(expectation), hint, table, unescape(sql));
    }

    /** \n \r \t and \\ are escapes; any other backslash stays as written (SQL needs its own escapes). */
    static String unescape(String text) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void classifiesCorpusLine(Case c) {
        Classification actual = classifier.classify(c.sql());
        String where = CORPUS + ":" + c.line() + ": " + c.sql();
        assertThat(actual.kind()).as(where).isEqualTo(c.kind());
        assertThat(actual.hint()).as(where + " (hint)").isEqualTo(c.hint());
        if (c.kind() == StatementKind.TEMPORARY_TABLE || c.temporaryTable() != null) {
            assertThat(actual.temporaryTable()).as(where + " (temporary table)").isEqualTo(c.temporaryTable());
        } else {
            assertThat(actual.temporaryTable()).as(where + " (temporary table)").isNull();
        }
    }

    @Test
    void corpusIsLargeAndCoversEveryKindAndHint() {
        List<Case> cases = corpus();
        Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        Set<RouteHint> hints = EnumSet.noneOf(RouteHint.class);
        for (Case c : cases) {
            kinds.add(c.kind());
            hints.add(c.hint());
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(350);
        assertThat(kinds).containsExactlyInAnyOrder(StatementKind.values());
        assertThat(hints).containsExactlyInAnyOrder(RouteHint.values());
        assertThat(cases.stream().map(Case::sql).distinct().count()).as("distinct SQL lines")
                .isEqualTo(cases.size());
    }

    /** A rough cost print, not an assertion; JMH measures properly. */
    @Test
    void printsClassifyCostOverTheCorpus() {
        SqlClassifier probe = new SqlClassifier(0, 4096);
        Map<SqlClassifier.Stage, List<String>> byStage = new EnumMap<>(SqlClassifier.Stage.class);
        List<String> all = new ArrayList<>();
        for (Case c : corpus()) {
            byStage.computeIfAbsent(probe.decide(c.sql()).stage(), stage -> new ArrayList<>()).add(c.sql());
            all.add(c.sql());
        }
        SqlClassifier cached = new SqlClassifier(10_000, 4096);
        StringBuilder report = new StringBuilder("classify cost over the corpus (" + all.size() + " statements):");
        report.append(String.format(" cached %d ns/op", nanosPerOp(all, 2_000, 50, cached::classify)));
        Function<String, Classification> uncached = sql -> probe.decide(sql).classification();
        for (Map.Entry<SqlClassifier.Stage, List<String>> stage : byStage.entrySet()) {
            report.append(String.format("; uncached %s (%d statements) %d ns/op", stage.getKey(),
                    stage.getValue().size(), nanosPerOp(stage.getValue(), 100, 100, uncached)));
        }
        System.out.println(report);
    }

    private static long nanosPerOp(List<String> sqls, int rounds, int warmUp,
            Function<String, Classification> classify) {
        int sink = 0;
        for (int warm = 0; warm < warmUp; warm++) {
            for (String sql : sqls) {
                sink += classify.apply(sql).kind().ordinal();
            }
        }
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (String sql : sqls) {
                sink += classify.apply(sql).kind().ordinal();
            }
        }
        long elapsed = System.nanoTime() - start;
        return sink == 42 ? -1 : elapsed / ((long) rounds * sqls.size());
    }
}
