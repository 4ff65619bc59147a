package io.rwsplit.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A MySQL GTID set: for each source (a server UUID, since MySQL 8.4 optionally with a tag), a set of transaction
 * number intervals. Coverage is set inclusion; gaps are meaningful (a replica with {@code uuid:1-5:7} lacks 6).
 */
final class MySqlGtidSet implements ReplicationPosition {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
    private static final Pattern TAG = Pattern.compile("[a-z_][a-z0-9_]{0,31}");
    private static final Pattern INTERVAL = Pattern.compile("[0-9]+(-[0-9]+)?");
    private static final Intervals NONE = new Intervals(new long[0], new long[0]);

    /** A transaction source: a server UUID and a tag ("" for untagged GTIDs). Sorted as the server prints them. */
    private record Source(String uuid, String tag) implements Comparable<Source> {

        private static final Comparator<Source> ORDER = Comparator.comparing(Source::uuid).thenComparing(Source::tag);

        @Override
        public int compareTo(Source other) {
            return ORDER.compare(this, other);
        }
    }

    /** Sorted, disjoint, non-adjacent closed intervals: {@code [starts[i], ends[i]]}. */
    private record Intervals(long[] starts, long[] ends) {

        static Intervals of(List<long[]> raw) {
            List<long[]> sorted = new ArrayList<>(raw);
            sorted.sort(Comparator.comparingLong(interval -> interval[0]));
            List<long[]> merged = new ArrayList<>();
            for (long[] interval : sorted) {
                long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && interval[0] <= last[1] + 1) {
                    last[1] = Math.max(last[1], interval[1]);
                } else {
                    merged.add(new long[] {interval[0], interval[1]});
                }
            }
            long[] starts = new long[merged.size()];
            long[] ends = new long[merged.size()];
            for (int i = 0; i < merged.size(); i++) {
                starts[i] = merged.get(i)[0];
                ends[i] = merged.get(i)[1];
            }
            return new Intervals(starts, ends);
        }

        int size() {
            return starts.length;
        }

        /** How many numbers of {@code other} are not in this set. */
        long countMissing(Intervals other) {
            long missing = 0;
            int i = 0;
            for (int j = 0; j < other.size(); j++) {
                long from = other.starts[j];
                long to = other.ends[j];
                long covered = 0;
                while (i < size() && ends[i] < from) {
                    i++;
                }
                for (int k = i; k < size() && starts[k] <= to; k++) {
                    covered += Math.min(to, ends[k]) - Math.max(from, starts[k]) + 1;
                }
                missing = saturatedAdd(missing, to - from + 1 - covered);
            }
            return missing;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Intervals that && Arrays.equals(starts, that.starts)
                    && Arrays.equals(ends, that.ends);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(starts) + Arrays.hashCode(ends);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < size(); i++) {
                text.append(':').append(starts[i]);
                if (ends[i] != starts[i]) {
                    text.append('-').append(ends[i]);
                }
            }
            return text.toString();
        }
    }

    private final Map<Source, Intervals> sets;

    private MySqlGtidSet(Map<Source, Intervals> sets) {
        this.sets = Collections.unmodifiableMap(sets);
    }

    static MySqlGtidSet parse(String text) {
        Objects.requireNonNull(text, "MySQL GTID set");
        String compact = text.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        Map<Source, List<long[]>> raw = new TreeMap<>();
        if (!compact.isEmpty()) {
            for (String uuidSet : compact.split(",", -1)) {
                parseUuidSet(uuidSet, text, raw);
            }
        }
        Map<Source, Intervals> sets = new TreeMap<>();
        raw.forEach((source, intervals) -> {
            if (!intervals.isEmpty()) {
                sets.put(source, Intervals.of(intervals));
            }
        });
        return new MySqlGtidSet(sets);
    }

    /** {@code uuid[:interval...][:tag:interval[:interval...]]...} */
    private static void parseUuidSet(String uuidSet, String text, Map<Source, List<long[]>> raw) {
        String[] parts = uuidSet.split(":", -1);
        if (!UUID.matcher(parts[0]).matches()) {
            throw invalid(text, "'" + Texts.cut(uuidSet, 80) + "' does not start with a server UUID");
        }
        String uuid = normalizeUuid(parts[0]);
        String tag = "";
        raw.computeIfAbsent(new Source(uuid, tag), source -> new ArrayList<>());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (INTERVAL.matcher(part).matches()) {
                raw.get(new Source(uuid, tag)).add(parseInterval(part, text));
            } else if (TAG.matcher(part).matches()) {
                tag = part;
                raw.computeIfAbsent(new Source(uuid, tag), source -> new ArrayList<>());
            } else {
                throw invalid(text, "'" + Texts.cut(part, 80) + "' in '" + Texts.cut(uuidSet, 80)
                        + "' is neither an interval nor a tag");
            }
        }
    }

    private static long[] parseInterval(String part, String text) {
        int dash = part.indexOf('-');
        try {
            long start = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
            long end = dash < 0 ? start : Long.parseLong(part.substring(dash + 1));
            if (start < 1 || end < start) {
                throw invalid(text, "interval '" + part + "' must be n or n-m with 1 <= n <= m");
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            throw invalid(text, "interval '" + part + "' is out of range");
        }
    }

    private static String normalizeUuid(String uuid) {
        if (uuid.length() == 36) {
            return uuid;
        }
        String hex = uuid.replace("-", "");
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid MySQL GTID set \"" + Texts.cut(text, 200) + "\": " + why);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public boolean covers(ReplicationPosition other) {
        return other instanceof MySqlGtidSet && transactionsMissing(other) == 0;
    }

    @Override
    public long transactionsMissing(ReplicationPosition ahead) {
        if (!(ahead instanceof MySqlGtidSet that)) {
            return -1;
        }
        long missing = 0;
        for (Map.Entry<Source, Intervals> theirs : that.sets.entrySet()) {
            Intervals ours = sets.getOrDefault(theirs.getKey(), NONE);
            missing = saturatedAdd(missing, ours.countMissing(theirs.getValue()));
        }
        return missing;
    }

    @Override
    public boolean isEmpty() {
        return sets.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MySqlGtidSet that && sets.equals(that.sets);
    }

    @Override
    public int hashCode() {
        return sets.hashCode();
    }

    /** As the server prints it, without the line breaks: untagged intervals first, then each tag's. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        String uuid = null;
        for (Map.Entry<Source, Intervals> entry : sets.entrySet()) {
            Source source = entry.getKey();
            if (!source.uuid().equals(uuid)) {
                if (uuid != null) {
                    text.append(',');
                }
                uuid = source.uuid();
                text.append(uuid);
            }
            if (!source.tag().isEmpty()) {
                text.append(':').append(source.tag());
            }
            text.append(entry.getValue());
        }
        return text.toString();
    }
}
