package io.rwsplit.sql;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map from SQL text to its verdict, in two generations. Lookups are lock-free: one
 * {@link ConcurrentHashMap#get} on the young generation, a second on the old one if that misses. Inserts go to the
 * young generation under a lock; when it holds half the capacity it becomes the old generation and the previous old
 * one is dropped whole. A hit in the old generation copies the entry into the young one, so statements in use
 * survive every rotation and one-off texts age out after at most two. No entry is ever bigger than its key plus a
 * shared verdict; callers keep huge keys out.
 */
final class ClassificationCache {

    private final int generationSize;
    private volatile ConcurrentHashMap<String, Classification> young;
    private volatile ConcurrentHashMap<String, Classification> old;

    /**
     * @param capacity at most this many entries: the young generation rotates on reaching {@code ceil(capacity / 2)},
     *                 so young holds fewer and old at most that many; 0 disables caching
     */
    ClassificationCache(int capacity) {
        this.generationSize = (capacity + 1) / 2;
        this.young = new ConcurrentHashMap<>();
        this.old = new ConcurrentHashMap<>();
    }

    Classification get(String sql) {
        Classification verdict = young.get(sql);
        if (verdict == null) {
            verdict = old.get(sql);
            if (verdict != null) {
                put(sql, verdict);
            }
        }
        return verdict;
    }

    synchronized void put(String sql, Classification verdict) {
        if (generationSize == 0) {
            return;
        }
        ConcurrentHashMap<String, Classification> current = young;
        current.put(sql, verdict);
        if (current.size() >= generationSize) {
            // Readers look at young first, then old: publish the full map as old before replacing young.
            old = current;
            young = new ConcurrentHashMap<>();
        }
    }

    /** Entries held; an entry promoted from the old generation counts twice until the next rotation. */
    int size() {
        return young.size() + old.size();
    }
}
