package io.rwsplit.sql;

import java.util.Arrays;
import java.util.Locale;

/**
 * A one-pass MySQL tokenizer, just precise enough for routing. It follows the server's lexer where routing depends
 * on it:
 * <ul>
 *   <li>whitespace is any char up to {@code ' '} (MySQL treats control chars as blanks);</li>
 *   <li>comments are <code>/* ... *&#47;</code>, {@code #} to the end of the line and {@code --} followed by a
 *       blank or a control char (so {@code 1--1} is arithmetic, not a comment); line comments end at {@code '\n'}
 *       only, as in the server, so a lone {@code '\r'} never ends one;</li>
 *   <li><code>/*! ... *&#47;</code> and <code>/*!50100 ... *&#47;</code> are executable comments: the server runs
 *       their content, so it is lexed as ordinary SQL whatever the version number says;</li>
 *   <li>strings in {@code '...'} and {@code "..."} take backslash escapes and doubled quotes (the default sql_mode;
 *       under NO_BACKSLASH_ESCAPES a string ending in a backslash is misread, and the statement usually ends up
 *       UNKNOWN or mis-split, both of which go to the primary); names in backquotes take doubled backquotes;</li>
 *   <li>a {@code ;} outside literals and comments followed by more tokens makes the text a multi-statement; one or
 *       more trailing semicolons followed only by blanks and comments do not.</li>
 * </ul>
 * Tokens are lexed on demand and kept in parallel arrays, so the rules can look ahead by index; {@link #drain()}
 * finishes the scan without keeping tokens, which keeps a 1 MB INSERT cheap once its first keyword has settled it.
 * A leading block comment (before the first token) carrying {@code rwsplit:primary} or {@code rwsplit:replica} sets
 * {@link #hint()}. Not thread-safe: one instance per classification.
 */
final class SqlLexer {

    /** What a token is. Keywords are plain {@link #WORD}s; the rules compare them case-insensitively. */
    enum Type {
        /** An unquoted identifier, keyword or number: a run of letters, digits, '_', '$' and chars from U+0080. */
        WORD,
        /** A `backquoted` name. */
        QUOTED_NAME,
        /** A '...' or "..." literal. */
        STRING,
        /** {@code @name}, {@code @'name'}, {@code @`name`}. */
        USER_VARIABLE,
        /** {@code @@name}, {@code @@session.name}, {@code @@global.name}. */
        SYSTEM_VARIABLE,
        /** The {@code :=} operator. */
        ASSIGN,
        /** Any other single char: ( ) , . = ? * and so on. */
        SYMBOL,
        /** Past the last token. */
        END
    }

    private static final String HINT_PREFIX = "rwsplit:";

    private final String sql;
    private final int length;
    private int pos;
    private int depth;
    private int maxDepth;
    private boolean inExecutableComment;
    private boolean semicolonPending;
    private boolean tokenSeen;
    private boolean finished;

    private Type[] types = new Type[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int[] depths = new int[16];
    private int count;

    private RouteHint hint = RouteHint.NONE;
    private boolean multiStatement;
    private boolean malformed;

    SqlLexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    // ---- token access (lexes on demand) ---------------------------------------------------------------------------

    /** Whether token {@code i} exists. */
    boolean has(int i) {
        if (i < 0) {
            return false;
        }
        while (count <= i && !finished) {
            if (!scan(true)) {
                finished = true;
            }
        }
        return i < count;
    }

    Type type(int i) {
        return has(i) ? types[i] : Type.END;
    }

    /** Parenthesis depth around token i; a '(' or ')' token has the depth outside it. */
    int depth(int i) {
        return has(i) ? depths[i] : 0;
    }

    /** Whether token i is the unquoted word {@code upperCaseKeyword}, compared case-insensitively. */
    boolean isWord(int i, String upperCaseKeyword) {
        if (!has(i) || types[i] != Type.WORD) {
            return false;
        }
        int len = ends[i] - starts[i];
        return len == upperCaseKeyword.length() && sql.regionMatches(true, starts[i], upperCaseKeyword, 0, len);
    }

    boolean isSymbol(int i, char symbol) {
        return has(i) && types[i] == Type.SYMBOL && sql.charAt(starts[i]) == symbol;
    }

    /** Where token i starts in the text. */
    int start(int i) {
        return has(i) ? starts[i] : length;
    }

    /** Where token i ends in the text (exclusive). */
    int end(int i) {
        return has(i) ? ends[i] : length;
    }

    /** The token's text as written (quotes included). */
    String text(int i) {
        return has(i) ? sql.substring(starts[i], ends[i]) : "";
    }

    /** The token's text in upper case, for keyword switches. */
    String upperText(int i) {
        return text(i).toUpperCase(Locale.ROOT);
    }

    /** A name token without its quotes: `a``b` becomes a`b; "x" (ANSI_QUOTES) becomes x; null for other tokens. */
    String name(int i) {
        Type type = type(i);
        if (type == Type.WORD) {
            return text(i);
        }
        boolean quoted = type == Type.QUOTED_NAME || (type == Type.STRING && sql.charAt(starts[i]) == '"');
        if (quoted && ends[i] - starts[i] >= 2) {
            char quote = sql.charAt(starts[i]);
            String inner = sql.substring(starts[i] + 1, ends[i] - 1);
            return inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
        }
        return null;
    }

    // ---- whole-text facts -----------------------------------------------------------------------------------------

    /** Lexes to the end without keeping the remaining tokens: enough for {@link #multiStatement()} and friends. */
    void drain() {
        while (!finished) {
            if (!scan(false)) {
                finished = true;
            }
        }
    }

    /** Lexes and keeps every token; returns the token count. */
    int storeAll() {
        has(Integer.MAX_VALUE - 1);
        return count;
    }

    /** Valid once the first token has been asked for. */
    RouteHint hint() {
        return hint;
    }

    /** Valid after {@link #drain()} or {@link #storeAll()}. */
    boolean multiStatement() {
        return multiStatement;
    }

    /** An unterminated literal, comment or executable comment, or a ')' without its '('. */
    boolean malformed() {
        return malformed;
    }

    int maxDepth() {
        return maxDepth;
    }

    /**
     * The stored tokens joined for JSqlParser: comments (which it half understands: it cannot lex '#' by default, and
     * it drops the content of <code>/*! *&#47;</code> as if it were a plain comment) become a blank, executable comment
     * content stays. Tokens adjacent in the source stay adjacent, except '-' '-' which get a blank so that the
     * parser does not read {@code --1} as a comment. Call {@link #storeAll()} first.
     */
    String parserText() {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                boolean adjacent = ends[i - 1] == starts[i];
                boolean dashes = isSymbol(i - 1, '-') && isSymbol(i, '-');
                if (!adjacent || dashes) {
                    out.append(' ');
                }
            }
            out.append(sql, starts[i], ends[i]);
        }
        return out.toString();
    }

    // ---- the scanner ----------------------------------------------------------------------------------------------

    /** Scans the next token; keeps it if asked. False at the end, or at the start of a second statement. */
    private boolean scan(boolean keep) {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c <= ' ') {
                pos++;
            } else if (c == '#') {
                skipLine();
            } else if (c == '-' && isDashComment()) {
                skipLine();
            } else if (c == '/' && peek(1) == '*') {
                if (peek(2) == '!') {
                    openExecutableComment();
                } else if (!skipBlockComment()) {
                    return false;
                }
            } else if (c == '*' && inExecutableComment && peek(1) == '/') {
                inExecutableComment = false;
                pos += 2;
            } else if (c == ';') {
                semicolonPending = true;
                pos++;
            } else {
                if (semicolonPending) {
                    multiStatement = true;
                    pos = length;
                    return false;
                }
                return token(c, keep);
            }
        }
        if (inExecutableComment) {
            malformed = true;
            inExecutableComment = false;
        }
        return false;
    }

    private boolean token(char c, boolean keep) {
        int start = pos;
        Type type;
        int tokenDepth = depth;
        if (c == '\'' || c == '"') {
            type = Type.STRING;
            skipQuoted(c, true);
        } else if (c == '`') {
            type = Type.QUOTED_NAME;
            skipQuoted(c, false);
        } else if (c == '@') {
            type = variable();
        } else if (isIdentifierChar(c)) {
            type = Type.WORD;
            pos++;
            while (pos < length && isIdentifierChar(sql.charAt(pos))) {
                pos++;
            }
        } else if (c == ':' && peek(1) == '=') {
            type = Type.ASSIGN;
            pos += 2;
        } else {
            type = Type.SYMBOL;
            pos++;
            if (c == '(') {
                depth++;
                maxDepth = Math.max(maxDepth, depth);
            } else if (c == ')') {
                if (depth == 0) {
                    malformed = true;
                } else {
                    depth--;
                }
                tokenDepth = depth;
            }
        }
        tokenSeen = true;
        if (keep) {
            add(type, start, pos, tokenDepth);
        }
        return true;
    }

    private Type variable() {
        if (peek(1) == '@') {
            pos += 2;
            while (pos < length && (isIdentifierChar(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return Type.SYSTEM_VARIABLE;
        }
        char next = peek(1);
        if (next == '\'' || next == '"' || next == '`') {
            pos++;
            skipQuoted(next, next != '`');
            return Type.USER_VARIABLE;
        }
        if (isIdentifierChar(next) || next == '.') {
            pos++;
            while (pos < length && (isIdentifierChar(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return Type.USER_VARIABLE;
        }
        pos++;
        return Type.SYMBOL;
    }

    /** From an opening quote at pos to just past the closing one; doubled quotes and (if asked) backslashes escape. */
    private void skipQuoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '\\' && backslashEscapes) {
                pos += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            } else {
                pos++;
            }
        }
        pos = length;
        malformed = true;
    }

    private boolean isDashComment() {
        return peek(1) == '-' && (pos + 2 >= length || sql.charAt(pos + 2) <= ' ');
    }

    private void skipLine() {
        int newline = sql.indexOf('\n', pos);
        pos = newline < 0 ? length : newline + 1;
    }

    /**
     * Past {@code /*!} and its version, if any: exactly five digits ({@code 50100}), or six followed by a blank
     * ({@code 100000 }, as newer servers accept). Fewer digits are content, as in the server.
     */
    private void openExecutableComment() {
        pos += 3;
        int digits = 0;
        while (digits < 7 && pos + digits < length && isAsciiDigit(sql.charAt(pos + digits))) {
            digits++;
        }
        if (digits == 6 && (pos + 6 == length || sql.charAt(pos + 6) <= ' ')) {
            pos += 6;
        } else if (digits >= 5) {
            pos += 5;
        }
        inExecutableComment = true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Skips a plain block comment (optimizer hints included); false if it is never closed. */
    private boolean skipBlockComment() {
        int close = sql.indexOf("*/", pos + 2);
        if (close < 0) {
            malformed = true;
            pos = length;
            return false;
        }
        if (!tokenSeen) {
            readHint(pos + 2, close);
        }
        pos = close + 2;
        return true;
    }

    private void readHint(int from, int to) {
        int at = from;
        while (true) {
            at = indexOfIgnoreCase(HINT_PREFIX, at, to);
            if (at < 0) {
                return;
            }
            at += HINT_PREFIX.length();
            if (matchesWord("primary", at, to)) {
                hint = RouteHint.PRIMARY;
            } else if (matchesWord("replica", at, to) && hint == RouteHint.NONE) {
                hint = RouteHint.REPLICA;
            }
        }
    }

    private int indexOfIgnoreCase(String needle, int from, int to) {
        for (int i = from; i + needle.length() <= to; i++) {
            if (sql.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private boolean matchesWord(String word, int at, int to) {
        int end = at + word.length();
        return end <= to && sql.regionMatches(true, at, word, 0, word.length())
                && (end == to || !isIdentifierChar(sql.charAt(end)));
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < length ? sql.charAt(at) : '\0';
    }

    private void add(Type type, int start, int end, int tokenDepth) {
        if (count == types.length) {
            int size = count * 2;
            types = Arrays.copyOf(types, size);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            depths = Arrays.copyOf(depths, size);
        }
        types[count] = type;
        starts[count] = start;
        ends[count] = end;
        depths[count] = tokenDepth;
        count++;
    }

    /** MySQL's unquoted identifier chars: ASCII letters, digits, '_', '$' and everything from U+0080. */
    static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= '\u0080';
    }
}
