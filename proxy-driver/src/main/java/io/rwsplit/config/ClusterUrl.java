package io.rwsplit.config;

import io.rwsplit.monitor.Endpoint;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code jdbc:rwsplit:mysql://primary[:port][,replica[:port]...][/database][?key=value&...]}.
 *
 * <p>Hosts follow Connector/J: the default port is 3306, IPv6 addresses go in brackets ({@code [::1]:3306}), and a
 * host may be written {@code address=(host=h)(port=p)(type=t)} or {@code (host=h,port=p,type=t)}. {@code type} is
 * {@code source} or {@code replica} as in Connector/J's replication URLs ({@code primary} is accepted as a synonym of
 * {@code source}). A host typed source is the primary wherever it stands; without one, the first untyped host is.
 * Every other host is a replica, in URL order. The database and the query are %-decoded as Connector/J decodes them
 * ({@code +} is a space); a {@code #fragment} is dropped, and a query key without {@code =} sets nothing.
 */
final class ClusterUrl {

    static final String PREFIX = "jdbc:rwsplit:mysql:";

    static final int DEFAULT_PORT = 3306;

    private static final String SHAPE = PREFIX + "//primary[:port][,replica[:port]...][/database][?key=value&...]";

    /** One {@code (key=value)} group of the {@code address=} form. */
    private static final Pattern ADDRESS_GROUP = Pattern.compile("\\(([^()=]*)=([^()]*)\\)");

    private final Endpoint primary;
    private final List<Endpoint> replicas;
    private final String database;
    private final Map<String, String> query;

    private ClusterUrl(Endpoint primary, List<Endpoint> replicas, String database, Map<String, String> query) {
        this.primary = primary;
        this.replicas = replicas;
        this.database = database;
        this.query = query;
    }

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * Parses what it can; every problem goes to {@code problems}.
     *
     * @return the parts; {@link #primary()} is null when the hosts could not be read
     */
    static ClusterUrl parse(String url, Problems problems) {
        if (!accepts(url)) {
            problems.add("not an rwsplit URL: " + (url == null ? "null" : "\"" + Masking.maskUrl(url) + "\"")
                    + "; expected " + SHAPE);
            return new ClusterUrl(null, List.of(), "", Map.of());
        }
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            problems.add("URL must go on with \"//\" after \"" + PREFIX + "\", as in " + SHAPE);
            return new ClusterUrl(null, List.of(), "", Map.of());
        }
        rest = rest.substring(2);
        int hash = rest.indexOf('#');
        int question = rest.indexOf('?');
        if (hash >= 0 && (question < 0 || hash < question)) {
            rest = rest.substring(0, hash);
            question = -1;
        }
        String beforeQuery = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> query = Map.of();
        if (question >= 0) {
            String text = rest.substring(question + 1);
            int fragment = text.indexOf('#');
            query = parseQuery(fragment < 0 ? text : text.substring(0, fragment), problems);
        }
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String database = "";
        if (slash >= 0) {
            String path = beforeQuery.substring(slash + 1);
            try {
                database = URLDecoder.decode(path, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                problems.add("database \"" + path + "\" has an invalid %-escape");
            }
        }
        List<Endpoint> hosts = parseHosts(authority.trim(), problems);
        if (hosts == null) {
            return new ClusterUrl(null, List.of(), database, query);
        }
        return new ClusterUrl(hosts.get(0), List.copyOf(hosts.subList(1, hosts.size())), database, query);
    }

    Endpoint primary() {
        return primary;
    }

    List<Endpoint> replicas() {
        return replicas;
    }

    String database() {
        return database;
    }

    /** The decoded query in URL order; a later duplicate wins; a key without {@code =} maps to null. */
    Map<String, String> query() {
        return query;
    }

    // ---- hosts --------------------------------------------------------------------------------------------------

    private enum Role { PRIMARY, REPLICA, UNTYPED }

    private record Host(Endpoint endpoint, Role role) {
    }

    /** @return the primary first, then the replicas; null after a problem */
    private static List<Endpoint> parseHosts(String authority, Problems problems) {
        if (authority.isEmpty()) {
            problems.add("URL has no host; expected " + SHAPE);
            return null;
        }
        List<Host> hosts = new ArrayList<>();
        boolean failed = false;
        for (String spec : splitHosts(authority)) {
            String trimmed = spec.trim();
            if (trimmed.isEmpty()) {
                problems.add("empty host in the list \"" + Masking.maskUrl("//" + authority).substring(2) + "\"");
                failed = true;
                continue;
            }
            Host host = parseHost(trimmed, problems);
            if (host == null) {
                failed = true;
            } else {
                hosts.add(host);
            }
        }
        if (failed) {
            return null;
        }
        return order(hosts, problems);
    }

    /** Splits on commas outside brackets and parentheses. */
    private static List<String> splitHosts(String authority) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(authority.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(authority.substring(start));
        return parts;
    }

    private static Host parseHost(String spec, Problems problems) {
        String shown = "host \"" + Masking.maskUrl("//" + spec).substring(2) + "\"";
        if (spec.toLowerCase(Locale.ROOT).startsWith("address=")) {
            Map<String, String> properties = parseAddressGroups(spec.substring("address=".length()));
            if (properties == null) {
                problems.add(shown + ": expected address=(host=name)(port=3306)(type=replica)");
                return null;
            }
            return fromProperties(shown, properties, problems);
        }
        if (spec.startsWith("(")) {
            Map<String, String> properties = spec.endsWith(")") ? parseKeyValues(spec.substring(1, spec.length() - 1))
                    : null;
            if (properties == null) {
                problems.add(shown + ": expected (host=name,port=3306,type=replica)");
                return null;
            }
            return fromProperties(shown, properties, problems);
        }
        if (spec.indexOf('@') >= 0) {
            problems.add(shown + ": a user or password before \"@\" is not supported; give them as user= and "
                    + "password= properties");
            return null;
        }
        String host;
        String port = null;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0) {
                problems.add(shown + ": unclosed \"[\"");
                return null;
            }
            host = spec.substring(1, close);
            String after = spec.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                problems.add(shown + ": expected \":port\" after \"]\"");
                return null;
            }
        } else {
            int colon = spec.indexOf(':');
            if (colon >= 0 && spec.indexOf(':', colon + 1) >= 0) {
                problems.add(shown + ": an IPv6 address must be in brackets, as in [::1]:3306");
                return null;
            }
            host = colon < 0 ? spec : spec.substring(0, colon);
            port = colon < 0 ? null : spec.substring(colon + 1);
        }
        Endpoint endpoint = endpoint(shown, host.trim(), port, problems);
        return endpoint == null ? null : new Host(endpoint, Role.UNTYPED);
    }

    /** {@code (host=a)(port=1)...}, keys in any case; null when the text is not a sequence of groups. */
    private static Map<String, String> parseAddressGroups(String text) {
        Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String groups = text.trim();
        Matcher m = ADDRESS_GROUP.matcher(groups);
        int at = 0;
        while (at < groups.length()) {
            if (Character.isWhitespace(groups.charAt(at))) {
                at++;
                continue;
            }
            m.region(at, groups.length());
            if (!m.lookingAt()) {
                return null;
            }
            properties.put(m.group(1).trim(), m.group(2).trim());
            at = m.end();
        }
        return properties.isEmpty() ? null : properties;
    }

    /** {@code host=a,port=1}, keys in any case; null when a part has no {@code =}. */
    private static Map<String, String> parseKeyValues(String text) {
        Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String part : text.split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                return null;
            }
            properties.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
        }
        return properties;
    }

    private static Host fromProperties(String shown, Map<String, String> properties, Problems problems) {
        boolean ok = true;
        for (String key : properties.keySet()) {
            if (!key.equalsIgnoreCase("host") && !key.equalsIgnoreCase("port") && !key.equalsIgnoreCase("type")) {
                problems.add(shown + ": per-host property \"" + key + "\" is not supported; give it once in the "
                        + "query or the Properties, for every host");
                ok = false;
            }
        }
        Role role = Role.UNTYPED;
        String type = properties.get("type");
        if (type != null) {
            switch (type.toLowerCase(Locale.ROOT)) {
                case "source", "primary" -> role = Role.PRIMARY;
                case "replica" -> role = Role.REPLICA;
                case "master", "slave" -> {
                    problems.add(shown + ": type=" + type + " is not accepted (nor by Connector/J 8.0.23 and "
                            + "later); use type=" + (type.equalsIgnoreCase("master") ? "source" : "replica"));
                    ok = false;
                }
                default -> {
                    problems.add(shown + ": type=" + type + " is not one of [source, primary, replica]");
                    ok = false;
                }
            }
        }
        String host = properties.get("host");
        if (host == null || host.isEmpty()) {
            problems.add(shown + ": host= is missing");
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Endpoint endpoint = endpoint(shown, host, properties.get("port"), problems);
        return endpoint == null || !ok ? null : new Host(endpoint, role);
    }

    private static Endpoint endpoint(String shown, String host, String port, Problems problems) {
        if (host.isEmpty()) {
            problems.add(shown + ": the host name is empty");
            return null;
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || "()[]=/?#@,".indexOf(c) >= 0)) {
            problems.add(shown + ": \"" + host + "\" is not a host name");
            return null;
        }
        int number = DEFAULT_PORT;
        if (port != null) {
            String digits = port.trim();
            if (digits.isEmpty()) {
                problems.add(shown + ": the port after \":\" is empty");
                return null;
            }
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                problems.add(shown + ": port \"" + digits + "\" is not a number");
                return null;
            }
            if (digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
                problems.add(shown + ": port " + digits + " is not between 1 and 65535");
                return null;
            }
            number = Integer.parseInt(digits);
        }
        return new Endpoint(host, number);
    }

    /** Puts the primary first; reports two primaries, no primary and a host listed twice. */
    private static List<Endpoint> order(List<Host> hosts, Problems problems) {
        List<Host> primaries = hosts.stream().filter(h -> h.role() == Role.PRIMARY).toList();
        Host primary;
        if (primaries.size() > 1) {
            problems.add("more than one host has type=source: " + primaries.stream()
                    .map(h -> h.endpoint().toString()).toList() + "; there is exactly one primary");
            return null;
        } else if (primaries.size() == 1) {
            primary = primaries.get(0);
        } else {
            primary = hosts.stream().filter(h -> h.role() == Role.UNTYPED).findFirst().orElse(null);
            if (primary == null) {
                problems.add("no primary: every host has type=replica; give the primary type=source or list it "
                        + "first without a type");
                return null;
            }
        }
        List<Endpoint> ordered = new ArrayList<>();
        ordered.add(primary.endpoint());
        for (Host host : hosts) {
            if (host != primary) {
                ordered.add(host.endpoint());
            }
        }
        List<String> seen = new ArrayList<>();
        for (Endpoint endpoint : ordered) {
            String key = endpoint.host().toLowerCase(Locale.ROOT) + ":" + endpoint.port();
            if (seen.contains(key)) {
                problems.add("host " + endpoint + " is listed twice");
                return null;
            }
            seen.add(key);
        }
        return Collections.unmodifiableList(ordered);
    }

    // ---- query --------------------------------------------------------------------------------------------------

    private static Map<String, String> parseQuery(String query, Problems problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String rawKey = equals < 0 ? part : part.substring(0, equals);
            String key;
            try {
                key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                problems.add("URL parameter \"" + rawKey + "\" has an invalid %-escape in its name");
                continue;
            }
            if (key.isEmpty()) {
                continue;
            }
            if (equals < 0) {
                values.remove(key);
                values.put(key, null);
                continue;
            }
            try {
                values.remove(key);
                values.put(key, URLDecoder.decode(part.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                problems.add("URL parameter " + key + " has an invalid %-escape in its value");
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
