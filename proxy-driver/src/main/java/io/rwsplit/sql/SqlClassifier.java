package io.rwsplit.sql;

/**
 * Tells the router what a SQL text does. Two stages, cached, fail-safe:
 * <ol>
 *   <li>A hand-written lexer walks the text once (comments, literals, executable comments, multi-statements, the
 *       routing hint) and rules settle almost every statement from its tokens: first keyword, locking clauses,
 *       session functions, SET targets, transaction characteristics, temporary tables.</li>
 *   <li>JSqlParser runs, on the calling thread, only for shapes the rules do not know, and only for texts of at
 *       most {@code maxParseLength} chars with moderate nesting. Whatever it cannot parse is UNKNOWN, which the
 *       router sends to the primary.</li>
 * </ol>
 * Verdicts are cached by SQL text in a bounded two-generation map of {@code cacheSize} entries; texts longer than
 * 4096 chars are classified every time, so huge one-off statements cannot pin memory. A
 * cache hit is two map lookups at most (the key's hash is cached by {@link String} itself when the application
 * reuses the same string, as prepared statements and ORMs do).
 *
 * <p>A routing hint is read from a block comment before the first token only: <code>/* rwsplit:primary *&#47;</code>
 * or <code>/*+ rwsplit:replica *&#47;</code> (case-insensitive; primary wins if both appear). Comments elsewhere and
 * line comments carry no hint. Thread-safe.
 */
public final class SqlClassifier {

    /** Longer texts are not cached. */
    static final int MAX_CACHED_LENGTH = 4096;

    /** Which stage settled a statement. */
    enum Stage {
        /** The lexer and the rules (multi-statements, malformed texts and the empty text included). */
        RULES,
        /** JSqlParser ran, whatever its answer. */
        PARSER,
        /** Not settled by the rules and not parsed: longer than maxParseLength or nested too deeply. UNKNOWN. */
        NOT_PARSED
    }

    /** An uncached verdict with the stage that reached it. */
    record Verdict(Classification classification, Stage stage) {
    }

    private static final Classification UNKNOWN = QuickClassifier.of(StatementKind.UNKNOWN);
    private static final Classification MULTI_STATEMENT = QuickClassifier.of(StatementKind.MULTI_STATEMENT);

    private final int maxParseLength;
    private final ClassificationCache cache;

    /**
     * @param cacheSize      most verdicts kept, at least 0 (0 disables the cache)
     * @param maxParseLength longest text JSqlParser may see, at least 0 (0 never parses)
     */
    public SqlClassifier(int cacheSize, int maxParseLength) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
        }
        if (maxParseLength < 0) {
            throw new IllegalArgumentException("maxParseLength must be >= 0, was " + maxParseLength);
        }
        this.maxParseLength = maxParseLength;
        this.cache = new ClassificationCache(cacheSize);
    }

    /** The verdict on one SQL text; never null, never throws. Null or empty text is UNKNOWN. */
    public Classification classify(String sql) {
        if (sql == null) {
            return UNKNOWN;
        }
        Classification verdict = cache.get(sql);
        if (verdict == null) {
            verdict = decide(sql).classification();
            if (sql.length() <= MAX_CACHED_LENGTH) {
                cache.put(sql, verdict);
            }
        }
        return verdict;
    }

    /**
     * The session autocommit value a statement sets, for the router's bookkeeping: TRUE or FALSE for
     * {@code SET [SESSION | LOCAL | @@ | @@session.] autocommit = 1 | 0 | ON | OFF | TRUE | FALSE | 'ON' | 'OFF'}
     * (also with {@code :=}, inside a list, or in an executable comment); null when the text sets no session
     * autocommit, sets it to DEFAULT or an expression, is a multi-statement, or is not a SET at all. Apply it only
     * after the server accepted the statement. Not cached: call it for SESSION_SET statements.
     */
    public static Boolean autoCommitValue(String sql) {
        if (sql == null) {
            return null;
        }
        try {
            return SetRules.autoCommit(new SqlLexer(sql));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Classifies without the cache. */
    Verdict decide(String sql) {
        try {
            SqlLexer lexer = new SqlLexer(sql);
            Classification verdict = QuickClassifier.classify(lexer);
            Stage stage = Stage.RULES;
            if (verdict != null) {
                lexer.drain();
            } else if (sql.length() > maxParseLength) {
                lexer.drain();
                verdict = UNKNOWN;
                stage = Stage.NOT_PARSED;
            } else {
                lexer.storeAll();
                if (lexer.multiStatement() || lexer.malformed()) {
                    verdict = UNKNOWN;
                } else if (lexer.maxDepth() > ParserFallback.MAX_NESTING) {
                    verdict = UNKNOWN;
                    stage = Stage.NOT_PARSED;
                } else {
                    verdict = QuickClassifier.of(ParserFallback.classify(lexer));
                    stage = Stage.PARSER;
                }
            }
            if (lexer.multiStatement()) {
                verdict = MULTI_STATEMENT;
            } else if (lexer.malformed()) {
                verdict = UNKNOWN;
            }
            RouteHint hint = lexer.hint();
            return new Verdict(hint == RouteHint.NONE ? verdict : verdict.withHint(hint), stage);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours must not fail the application's statement: the primary can run anything.
            return new Verdict(UNKNOWN, Stage.RULES);
        }
    }

    /** Entries in the cache, for tests. */
    int cachedEntries() {
        return cache.size();
    }
}
