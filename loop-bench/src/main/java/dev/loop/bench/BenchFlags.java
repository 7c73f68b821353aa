package dev.loop.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A bench main's {@code --name value} arguments, each name checked against those it knows. */
final class BenchFlags {

    private final Map<String, String> values = new HashMap<>();

    /**
     * @param args the arguments, in pairs
     * @param known the names the program takes, without {@code --}
     * @throws IllegalArgumentException for a name it does not take
     */
    BenchFlags(String[] args, Set<String> known) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + known);
            }
            values.put(name, args[i + 1]);
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    long longValue(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }
}
