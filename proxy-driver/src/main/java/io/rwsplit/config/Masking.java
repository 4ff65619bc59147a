package io.rwsplit.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides passwords in what the driver logs or puts in messages. A key is secret when its name contains
 * {@code password} in any case: {@code password}, {@code rwsplit.monitorPassword}, Connector/J's {@code password1},
 * {@code trustCertificateKeyStorePassword} and the like.
 */
public final class Masking {

    /** What a secret value is shown as. */
    public static final String MASK = "<masked>";

    /** {@code user:secret@} in the host part of a URL. */
    private static final Pattern USER_INFO = Pattern.compile("(//|,)([^/?#@,:]*):([^/?#@]*)@");

    /** {@code (password=x)} or {@code ,password=x} in Connector/J's {@code address=(...)} and {@code (k=v)} forms. */
    private static final Pattern HOST_PROPERTY = Pattern.compile("([(,]\\s*[^=(),/?]*password[^=(),/?]*=)[^(),]*",
            Pattern.CASE_INSENSITIVE);

    private Masking() {
    }

    /** Whether values of this key are secret. */
    public static boolean isSecret(String key) {
        return key != null && key.toLowerCase(Locale.ROOT).contains("password");
    }

    /** The value, or {@link #MASK} when the key is secret and a value is set. */
    public static String mask(String key, Object value) {
        if (value == null) {
            return null;
        }
        return isSecret(key) ? MASK : String.valueOf(value);
    }

    /** {@code {key=value, ...}} sorted by key, secret values masked; "null" for null. */
    public static String mask(Properties properties) {
        if (properties == null) {
            return "null";
        }
        Map<String, Object> sorted = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            sorted.put(key, properties.getProperty(key));
        }
        properties.forEach((key, value) -> sorted.putIfAbsent(String.valueOf(key), value));
        return mask(sorted);
    }

    /** {@code {key=value, ...}} in the map's order, secret values masked; "null" for null. */
    public static String mask(Map<String, ?> properties) {
        if (properties == null) {
            return "null";
        }
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        properties.forEach((key, value) -> joined.add(key + "=" + mask(key, value)));
        return joined.toString();
    }

    /**
     * The URL with every secret masked: query parameters whose name contains "password" (in any case, also when
     * %-encoded), {@code user:password@} before a host and {@code password=} inside Connector/J's host forms. The rest
     * of the URL is kept as written. Works on malformed URLs too; "null" for null.
     */
    public static String maskUrl(String url) {
        if (url == null) {
            return "null";
        }
        int question = url.indexOf('?');
        String head = question < 0 ? url : url.substring(0, question);
        head = USER_INFO.matcher(head).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + ":" + MASK
                + "@"));
        head = HOST_PROPERTY.matcher(head).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        if (question < 0) {
            return head;
        }
        StringJoiner query = new StringJoiner("&");
        for (String part : url.substring(question + 1).split("&", -1)) {
            int equals = part.indexOf('=');
            if (equals >= 0 && isSecret(decodeLeniently(part.substring(0, equals)))) {
                query.add(part.substring(0, equals + 1) + MASK);
            } else {
                query.add(part);
            }
        }
        return head + "?" + query;
    }

    private static String decodeLeniently(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
