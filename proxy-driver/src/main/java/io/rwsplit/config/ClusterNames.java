package io.rwsplit.config;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.MonitorSettings;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The default cluster name, {@code primary host:port/database}, made to fit the monitor's limit however long the
 * host name: cloud host names such as {@code orders-primary.c9akciq32xyz.eu-central-1.rds.amazonaws.com} keep their
 * first label, and what still does not fit is cut and given a short hash of the whole, so that two clusters whose
 * names are cut alike still differ.
 */
final class ClusterNames {

    static final int MAX = MonitorSettings.CLUSTER_NAME_MAX;

    private ClusterNames() {
    }

    static String derived(Endpoint primary, String database) {
        String suffix = database.isEmpty() ? "" : "/" + database;
        String full = primary + suffix;
        if (full.length() <= MAX) {
            return full;
        }
        String host = isIpAddress(primary.host()) ? primary.toString()
                : firstLabel(primary.host()) + ":" + primary.port();
        String shorter = host + suffix;
        if (shorter.length() <= MAX) {
            return shorter;
        }
        String hash = hash(full);
        return shorter.substring(0, MAX - hash.length() - 1) + "~" + hash;
    }

    private static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    private static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static String hash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
