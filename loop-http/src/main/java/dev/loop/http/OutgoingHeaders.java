package dev.loop.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers a request or a response will send (Node's {@code OutgoingMessage} headers): by any
 * case of their name, each keeping the name as set and its values, checked as Node checks them.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class OutgoingHeaders {

    /** By lower-cased name: the name as set, and its values. */
    private final Map<String, Map.Entry<String, List<String>>> byName = new LinkedHashMap<>();

    /** Sets {@code name} to {@code values}, replacing what it had; throws as Node does for a bad name or value. */
    void set(String name, List<String> values) {
        Headers.checkName(name);
        List<String> checked = new ArrayList<>(values.size());
        for (String value : values) {
            checked.add(Headers.checkValue(name, value));
        }
        byName.put(name.toLowerCase(Locale.ROOT), Map.entry(name, List.copyOf(checked)));
    }

    /** The values joined with {@code ", "}, or null. */
    String get(String name) {
        Map.Entry<String, List<String>> header = byName.get(name.toLowerCase(Locale.ROOT));
        return header == null ? null : String.join(", ", header.getValue());
    }

    boolean has(String name) {
        return byName.containsKey(name.toLowerCase(Locale.ROOT));
    }

    void remove(String name) {
        byName.remove(name.toLowerCase(Locale.ROOT));
    }

    /** The lower-cased names. */
    Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** Jetty's fields for its generator, a line per value. */
    HttpFields.Mutable fields() {
        HttpFields.Mutable fields = HttpFields.build();
        for (Map.Entry<String, List<String>> header : byName.values()) {
            for (String value : header.getValue()) {
                fields.add(header.getKey(), value);
            }
        }
        return fields;
    }
}
