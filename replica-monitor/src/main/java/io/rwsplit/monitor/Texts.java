package io.rwsplit.monitor;

/** Text shortening for log lines and messages. */
final class Texts {

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

    /** An exception's message, or its class when it has none; may span lines. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
