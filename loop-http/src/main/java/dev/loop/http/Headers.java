package dev.loop.http;

import java.util.Objects;

/** Node's checks of header names and values, for requests and responses alike. */
final class Headers {

    private Headers() {
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Header name must be a valid HTTP token [\"\"] (ERR_INVALID_HTTP_TOKEN)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("Header name must be a valid HTTP token [\"" + name + "\"] (ERR_INVALID_HTTP_TOKEN)");
            }
        }
    }

    static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "the value of header " + name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 32 && c != '\t') || c == 127 || c > 255) {
                throw new IllegalArgumentException("Invalid character in header content [\"" + name + "\"] (ERR_INVALID_CHAR)");
            }
        }
        return value;
    }
}
