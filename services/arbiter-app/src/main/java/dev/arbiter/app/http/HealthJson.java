package dev.arbiter.app.http;

import java.util.Map;

/**
 * Renders a {@link HealthStatus} as the small JSON body of the health endpoints, e.g.
 * {@code {"status":"DOWN","detail":"failing: judge","checks":{"judge":{"status":"DOWN","detail":"UNAVAILABLE"}}}}.
 * Hand-written because the shape is fixed and tiny, and a JSON library would be the only reason
 * for a dependency here.
 */
final class HealthJson {

    private HealthJson() {}

    static String render(HealthStatus status) {
        StringBuilder out = new StringBuilder();
        append(out, status);
        return out.toString();
    }

    private static void append(StringBuilder out, HealthStatus status) {
        out.append("{\"status\":\"").append(status.up() ? "UP" : "DOWN").append("\",\"detail\":");
        string(out, status.detail());
        if (!status.parts().isEmpty()) {
            out.append(",\"checks\":{");
            boolean first = true;
            for (Map.Entry<String, HealthStatus> part : status.parts().entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, part.getKey());
                out.append(':');
                append(out, part.getValue());
            }
            out.append('}');
        }
        out.append('}');
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
