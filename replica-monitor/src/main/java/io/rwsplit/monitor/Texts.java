package io.rwsplit.monitor;

/** Text shortening for log lines and messages. */
final class Texts {

    /** How deep {@link #describe} looks for a root cause: a chain that loops ends there. */
    private static final int MAX_CAUSES = 16;

    private Texts() {
    }

    /** The text on one line, cut to at most {@code max} characters with "..." when longer; "" for null. */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** The first non-blank line of a (driver) message, cut to {@code max}: the gist for a reason or log line. */
    static String headline(String text, int max) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return cut(line, max);
            }
        }
        return "";
    }

    /**
     * An exception's message, or its class when it has none; may span lines. Its root cause, when another, follows
     * the first line: Connector/J says "Communications link failure" alike of a refused connection and of a host name
     * that does not resolve, and only the cause tells them apart.
     */
    static String describe(Throwable error) {
        String text = messageOf(error);
        Throwable root = error;
        for (int depth = 0; depth < MAX_CAUSES && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        if (root == error) {
            return text;
        }
        String rootMessage = root.getMessage();
        boolean said = rootMessage != null && !rootMessage.isBlank();
        if (said && text.contains(headline(rootMessage, Integer.MAX_VALUE))) {
            return text;
        }
        String cause = root.getClass().getSimpleName() + (said ? ": " + headline(rootMessage, 200) : "");
        String first = headline(text, Integer.MAX_VALUE);
        int end = text.indexOf(first) + first.length();
        return first + " (" + cause + ")" + text.substring(end);
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
