package io.rwsplit.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies one cluster (pools and monitor) in the JVM: two configurations with equal keys share it. Equal keys
 * mean the same primary, replicas (in order), database, user, resolved {@code rwsplit.*} settings and backend
 * properties, and the same passwords. Passwords take part only as a SHA-256 digest and {@link #toString()} masks them,
 * so a key can be logged; a wrong password therefore never reaches a cluster built with the right one.
 */
public final class ClusterKey {

    private final String text;
    private final String secretDigest;

    ClusterKey(String text, String secrets) {
        this.text = text;
        this.secretDigest = sha256(secrets);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterKey that && text.equals(that.text) && secretDigest.equals(that.secretDigest);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + secretDigest.hashCode();
    }

    /** Everything that identifies the cluster, with passwords shown as {@link Masking#MASK}. */
    @Override
    public String toString() {
        return text;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
