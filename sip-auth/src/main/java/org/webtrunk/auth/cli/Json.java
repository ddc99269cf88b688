package org.webtrunk.auth.cli;

/** Just enough JSON to print a flat object of strings and numbers (RFC 8259 §7 string escaping). */
final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    Json string(String name, String value) {
        key(name);
        quote(value);
        return this;
    }

    Json number(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    private void key(String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(name);
        sb.append(':');
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
