package io.rwsplit.config;

import io.rwsplit.monitor.Endpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code rwsplit.*} setting: its name, how its text is parsed and bounded, its default and its one-line doc. The
 * same descriptor drives URL parsing, {@code Driver.getPropertyInfo()} and the README table. The catalog is
 * {@link Settings}.
 *
 * @param <T> the parsed value's type: {@link Duration} for times, {@link Integer}, {@link Long}, {@link String}, an
 *            enum, or a list
 */
public final class Setting<T> {

    /** What a derived default or a cross-setting check may look at. */
    interface Context {

        /** The resolved value of a setting declared earlier in the catalog (or of any setting given explicitly). */
        <V> V get(Setting<V> setting);

        /** Whether the user gave this setting a value. */
        boolean isSet(Setting<?> setting);

        Endpoint primary();

        int replicaCount();

        /** The database from the URL, "" when there is none. */
        String database();

        /** The application's {@code user}, or null. */
        String user();

        /** The application's {@code password}, or null. */
        String password();
    }

    /**
     * The longest any duration setting may be: a day. Longer would overflow in nanoseconds (where waits are counted)
     * long before it could mean anything, and the monitor's own bounds go no further.
     */
    static final long LONGEST_MILLIS = 86_400_000L;

    private static final Pattern DURATION = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final String doc;
    private final String defaultText;
    private final String constraint;
    private final List<String> choices;
    private final boolean secret;
    private final T fixedDefault;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final Function<Context, T> defaultValue;
    private final BiFunction<T, Context, String> check;

    private Setting(String name, String doc, String defaultText, String constraint, List<String> choices,
            boolean secret, T fixedDefault, Function<String, T> parser, Function<T, String> formatter,
            Function<Context, T> defaultValue, BiFunction<T, Context, String> check) {
        if (!name.startsWith(Settings.PREFIX)) {
            throw new IllegalArgumentException(name + " does not start with " + Settings.PREFIX);
        }
        this.name = name;
        this.doc = doc;
        this.defaultText = defaultText;
        this.constraint = constraint;
        this.choices = List.copyOf(choices);
        this.secret = secret;
        this.fixedDefault = fixedDefault;
        this.parser = parser;
        this.formatter = formatter;
        this.defaultValue = defaultValue;
        this.check = check;
    }

    // ---- kinds of setting -------------------------------------------------------------------------------------

    /** Free text; {@code check} returns the reason a value is wrong, or null. */
    static Setting<String> text(String name, String defaultValue, Function<String, String> check, String doc) {
        Function<String, String> parser = raw -> {
            String reason = check.apply(raw);
            if (reason != null) {
                throw new IllegalArgumentException(reason);
            }
            return raw;
        };
        String shown = defaultValue.isEmpty() ? "(empty)" : defaultValue;
        return new Setting<>(name, doc, shown, "", List.of(), false, defaultValue, parser, v -> v,
                c -> defaultValue, null);
    }

    /** A whole number between {@code min} and {@code max}; {@code unit} may be empty. */
    static Setting<Integer> integer(String name, int defaultValue, int min, int max, String unit, String doc) {
        String range = range(min, max, unit, null);
        Function<String, Integer> parser = raw -> (int) checked(parseLong(raw), min, max, range);
        return new Setting<>(name, doc, withUnit(defaultValue, unit), range, List.of(), false, defaultValue, parser,
                String::valueOf, c -> defaultValue, null);
    }

    /** A whole number between {@code min} and {@code max}; {@code zeroMeans} (may be null) documents 0. */
    static Setting<Long> longInteger(String name, long defaultValue, long min, long max, String zeroMeans,
            String doc) {
        String range = range(min, max, "", zeroMeans);
        Function<String, Long> parser = raw -> checked(parseLong(raw), min, max, range);
        String shown = defaultValue == 0 && zeroMeans != null ? "0 (" + zeroMeans + ")" : String.valueOf(defaultValue);
        return new Setting<>(name, doc, shown, range, List.of(), false, defaultValue, parser, String::valueOf,
                c -> defaultValue, null);
    }

    /** A duration of at least {@code minMillis}; plain numbers are milliseconds. */
    static Setting<Duration> millis(String name, long defaultMillis, long minMillis, String doc) {
        return millis(name, defaultMillis, minMillis, null, doc);
    }

    /**
     * A duration that is either 0, meaning {@code zeroMeans} (e.g. "off"), or at least {@code minMillis}. With
     * {@code zeroMeans} null, 0 is only allowed when {@code minMillis} is 0.
     */
    static Setting<Duration> millis(String name, long defaultMillis, long minMillis, String zeroMeans, String doc) {
        return millis(name, defaultMillis, minMillis, LONGEST_MILLIS, zeroMeans, doc);
    }

    /** A duration between {@code min} and {@code max} (or 0, meaning {@code zeroMeans}, when that is not null). */
    static Setting<Duration> millis(String name, long defaultMillis, Duration min, Duration max, String zeroMeans,
            String doc) {
        return millis(name, defaultMillis, min.toMillis(), max.toMillis(), zeroMeans, doc);
    }

    private static Setting<Duration> millis(String name, long defaultMillis, long minMillis, long maxMillis,
            String zeroMeans, String doc) {
        String range = range(minMillis, maxMillis, "ms", zeroMeans);
        Function<String, Duration> parser = raw -> {
            long ms = checked(parseMillis(raw), zeroMeans != null ? 0 : minMillis, maxMillis, range);
            if (ms != 0 && ms < minMillis) {
                throw new IllegalArgumentException("must be " + range);
            }
            return Duration.ofMillis(ms);
        };
        String shown = defaultMillis == 0 && zeroMeans != null ? "0 (" + zeroMeans + ")" : showMillis(defaultMillis);
        Duration fixed = Duration.ofMillis(defaultMillis);
        return new Setting<>(name, doc, shown, range, List.of(), false, fixed, parser,
                d -> String.valueOf(d.toMillis()), c -> fixed, null);
    }

    /** One of an enum's keys; matching ignores case and treats {@code _} as {@code -}. */
    static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, E defaultValue, Function<E, String> key,
            String doc) {
        List<E> values = Arrays.asList(type.getEnumConstants());
        List<String> keys = values.stream().map(key).toList();
        Function<String, E> parser = raw -> {
            String wanted = raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (E value : values) {
                if (key.apply(value).equals(wanted)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("expected one of " + keys + Spelling.didYouMean(wanted, keys));
        };
        return new Setting<>(name, doc, key.apply(defaultValue), "", keys, false, defaultValue, parser, key,
                c -> defaultValue, null);
    }

    /** A general setting: the caller supplies the parser and the formatter. */
    static <V> Setting<V> of(String name, String defaultText, String constraint, V fixedDefault,
            Function<String, V> parser, Function<V, String> formatter, String doc) {
        return new Setting<>(name, doc, defaultText, constraint, List.of(), false, fixedDefault, parser, formatter,
                c -> fixedDefault, null);
    }

    /** The same setting with a default computed from the URL or from settings declared before it. */
    Setting<T> defaultFrom(String defaultText, Function<Context, T> derived) {
        return new Setting<>(name, doc, defaultText, constraint, choices, secret, null, parser, formatter, derived,
                check);
    }

    /** The same setting with a check against other settings; {@code check} returns the reason, or null. */
    Setting<T> checkedWith(BiFunction<T, Context, String> crossCheck) {
        return new Setting<>(name, doc, defaultText, constraint, choices, secret, fixedDefault, parser, formatter,
                defaultValue, crossCheck);
    }

    /** The same setting, masked in every message, toString and property listing. */
    Setting<T> secret() {
        return new Setting<>(name, doc, defaultText, constraint, choices, true, fixedDefault, parser, formatter,
                defaultValue, check);
    }

    // ---- what the rest of the driver reads ----------------------------------------------------------------------

    /** The full key, e.g. {@code rwsplit.maxReplicaLag}. */
    public String name() {
        return name;
    }

    /** One line of documentation. */
    public String doc() {
        return doc;
    }

    /** The default as the README shows it, e.g. {@code 1000 ms} or {@code half of rwsplit.maxReplicaLag}. */
    public String defaultText() {
        return defaultText;
    }

    /** The allowed range in words, e.g. {@code >= 100 ms}; empty when any value of the type goes. */
    public String constraint() {
        return constraint;
    }

    /** The accepted keys of an enum setting, otherwise empty. */
    public List<String> choices() {
        return choices;
    }

    /** The doc with the accepted values or range, as {@code getPropertyInfo()} and the README show it. */
    public String description() {
        if (!choices.isEmpty()) {
            return doc + ". One of: " + String.join(", ", choices) + ".";
        }
        return constraint.isEmpty() ? doc + "." : doc + ". Allowed: " + constraint + ".";
    }

    /** Whether the value is a secret that is shown as {@link Masking#MASK}. */
    public boolean isSecret() {
        return secret;
    }

    /**
     * Parses and bounds-checks one value.
     *
     * @throws IllegalArgumentException with the reason, phrased to follow {@code name = "value": }
     */
    public T parse(String text) {
        return parser.apply(text.trim());
    }

    /** The canonical text of a value, the form {@link #parse} reads back (durations in milliseconds). */
    public String format(T value) {
        return value == null ? null : formatter.apply(value);
    }

    /** The fixed default, or null when the default is derived from the URL or from other settings. */
    T fixedDefault() {
        return fixedDefault;
    }

    T defaultValue(Context context) {
        return defaultValue.apply(context);
    }

    /** @return the reason this value does not fit the other settings, or null */
    String crossCheck(T value, Context context) {
        return check == null ? null : check.apply(value, context);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- parsing helpers ------------------------------------------------------------------------------------------

    private static long parseLong(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    private static long parseMillis(String raw) {
        Matcher m = DURATION.matcher(raw.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "must be a duration: milliseconds, or a whole number with a unit (500ms, 2s, 1m, 1h)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    private static long checked(long value, long min, long max, String range) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be " + range);
        }
        return value;
    }

    private static String range(long min, long max, String unit, String zeroMeans) {
        String suffix = unit.isEmpty() ? "" : " " + unit;
        String text;
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            text = ">= " + min + suffix;
        } else {
            text = "between " + min + " and " + max + suffix;
        }
        return zeroMeans != null && min > 0 ? "0 (" + zeroMeans + ") or " + text : text;
    }

    private static String withUnit(long value, String unit) {
        return unit.isEmpty() ? String.valueOf(value) : value + " " + unit;
    }

    private static String showMillis(long ms) {
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return ms + " ms (" + ms / 60_000 + " min)";
        }
        return ms + " ms";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Setting<?> that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
