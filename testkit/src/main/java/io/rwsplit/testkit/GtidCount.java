package io.rwsplit.testkit;

/**
 * How many transactions a GTID position holds, to tell which replica received the most: MariaDB's
 * {@code domain-server-sequence} list (the sum of the sequence numbers, one per domain) or MySQL's GTID set (the sum
 * of the intervals' lengths). Pure.
 */
final class GtidCount {

    private GtidCount() {
    }

    /** 0 for null or blank. */
    static long of(String position) {
        if (position == null || position.isBlank()) {
            return 0;
        }
        long count = 0;
        for (String part : position.replace("\n", "").split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            count += item.indexOf(':') >= 0 ? mySqlIntervals(item) : mariaDbSequence(item);
        }
        return count;
    }

    /** {@code 0-1-57}: 57. */
    private static long mariaDbSequence(String gtid) {
        String[] parts = gtid.split("-");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a MariaDB GTID: " + gtid);
        }
        return Long.parseLong(parts[2]);
    }

    /** {@code uuid:1-5:7}: 6. */
    private static long mySqlIntervals(String set) {
        String[] parts = set.split(":");
        long count = 0;
        for (int i = 1; i < parts.length; i++) {
            String interval = parts[i];
            int dash = interval.indexOf('-');
            count += dash < 0 ? 1 : Long.parseLong(interval.substring(dash + 1))
                    - Long.parseLong(interval.substring(0, dash)) + 1;
        }
        return count;
    }
}
