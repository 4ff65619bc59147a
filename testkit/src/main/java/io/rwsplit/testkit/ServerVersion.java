package io.rwsplit.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The numeric part of a server version, for feature checks. */
record ServerVersion(int major, int minor, int patch) implements Comparable<ServerVersion> {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** The first {@code x.y.z} in the text, e.g. in {@code "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for ..."}. */
    static ServerVersion find(String text) {
        Matcher matcher = NUMBERS.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no version number in \"" + text.strip() + "\"");
        }
        return new ServerVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
    }

    boolean atLeast(int wantedMajor, int wantedMinor, int wantedPatch) {
        return compareTo(new ServerVersion(wantedMajor, wantedMinor, wantedPatch)) >= 0;
    }

    @Override
    public int compareTo(ServerVersion other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor, other.minor);
        }
        return result != 0 ? result : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
