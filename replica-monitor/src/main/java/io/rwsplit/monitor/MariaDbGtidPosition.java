package io.rwsplit.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A MariaDB GTID position: for each replication domain, the last GTID ({@code domain-server-sequence}). Sequence
 * numbers grow monotonically within a domain, so coverage is decided per domain on the sequence alone.
 */
final class MariaDbGtidPosition implements ReplicationPosition {

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /** A domain's last GTID. */
    private record Gtid(long domain, long server, long sequence) {

        @Override
        public String toString() {
            return domain + "-" + server + "-" + Long.toUnsignedString(sequence);
        }
    }

    /** By domain, in the order the server listed them. */
    private final Map<Long, Gtid> byDomain;

    private MariaDbGtidPosition(Map<Long, Gtid> byDomain) {
        this.byDomain = Collections.unmodifiableMap(byDomain);
    }

    static MariaDbGtidPosition parse(String text) {
        Objects.requireNonNull(text, "MariaDB GTID position");
        Map<Long, Gtid> byDomain = new LinkedHashMap<>();
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            for (String part : trimmed.split(",", -1)) {
                Gtid gtid = parseGtid(part.strip(), text);
                byDomain.merge(gtid.domain(), gtid,
                        (old, neu) -> Long.compareUnsigned(neu.sequence(), old.sequence()) > 0 ? neu : old);
            }
        }
        return new MariaDbGtidPosition(byDomain);
    }

    private static Gtid parseGtid(String part, String text) {
        String[] fields = part.split("-", -1);
        if (fields.length != 3) {
            throw invalid(text, "'" + part + "' is not domain-server-sequence");
        }
        try {
            long domain = Long.parseUnsignedLong(fields[0]);
            long server = Long.parseUnsignedLong(fields[1]);
            long sequence = Long.parseUnsignedLong(fields[2]);
            if (domain > MAX_UINT32 || server > MAX_UINT32) {
                throw invalid(text, "'" + part + "' has a domain or server id above " + MAX_UINT32);
            }
            return new Gtid(domain, server, sequence);
        } catch (NumberFormatException e) {
            throw invalid(text, "'" + part + "' is not domain-server-sequence");
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid MariaDB GTID position \"" + Texts.cut(text, 200) + "\": " + why);
    }

    @Override
    public boolean covers(ReplicationPosition other) {
        if (!(other instanceof MariaDbGtidPosition that)) {
            return false;
        }
        for (Gtid theirs : that.byDomain.values()) {
            if (Long.compareUnsigned(sequence(theirs.domain()), theirs.sequence()) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long transactionsMissing(ReplicationPosition ahead) {
        if (!(ahead instanceof MariaDbGtidPosition that)) {
            return -1;
        }
        long missing = 0;
        for (Gtid theirs : that.byDomain.values()) {
            long ours = sequence(theirs.domain());
            if (Long.compareUnsigned(theirs.sequence(), ours) > 0) {
                missing = saturatedAdd(missing, theirs.sequence() - ours);
            }
        }
        return missing;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 || b < 0 ? Long.MAX_VALUE : sum;
    }

    /** The sequence number reached in a domain; 0 when the domain is absent. */
    private long sequence(long domain) {
        Gtid gtid = byDomain.get(domain);
        return gtid == null ? 0 : gtid.sequence();
    }

    @Override
    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MariaDbGtidPosition that && byDomain.equals(that.byDomain);
    }

    @Override
    public int hashCode() {
        return byDomain.hashCode();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(byDomain.size());
        for (Gtid gtid : byDomain.values()) {
            parts.add(gtid.toString());
        }
        return String.join(",", parts);
    }
}
