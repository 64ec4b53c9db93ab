package io.sluice.health;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /health} (every check), {@code /health/ready} (readiness), {@code /health/live} (liveness): JSON
 * {@code {"status":"UP|DOWN","checks":[{"id":..,"group":..,"state":..,"message":..,"details":{..}}]}}, HTTP 200
 * when UP, 503 otherwise. {@code details} holds what a check reports of its own (e.g. each SMTP transport), not
 * Camel's invocation counters.
 */
public final class HealthServlet extends HttpServlet {

    private final transient CamelContext context;
    private final transient Runnable ensureChecks;

    public HealthServlet(CamelContext context, Runnable ensureChecks) {
        this.context = context;
        this.ensureChecks = ensureChecks;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ensureChecks.run();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        Collection<HealthCheck.Result> results = switch (path) {
            case "/ready", "/readiness" -> HealthCheckHelper.invokeReadiness(context);
            case "/live", "/liveness" -> HealthCheckHelper.invokeLiveness(context);
            case "", "/" -> {
                List<HealthCheck.Result> all = new ArrayList<>(HealthCheckHelper.invoke(context));
                yield all;
            }
            default -> null;
        };
        if (results == null) {
            resp.sendError(404);
            return;
        }
        boolean up = results.stream().allMatch(r -> r.getState() != HealthCheck.State.DOWN);
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":[");
        List<HealthCheck.Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(r -> r.getCheck().getId()));
        for (int i = 0; i < sorted.size(); i++) {
            HealthCheck.Result r = sorted.get(i);
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(str(r.getCheck().getId()))
                    .append(",\"group\":").append(str(r.getCheck().getGroup()))
                    .append(",\"state\":").append(str(r.getState().name()))
                    .append(",\"readiness\":").append(r.getCheck().isReadiness())
                    .append(",\"liveness\":").append(r.getCheck().isLiveness());
            r.getMessage().ifPresent(m -> json.append(",\"message\":").append(str(m)));
            Map<String, Object> own = new TreeMap<>();
            r.getDetails().forEach((k, v) -> {
                if (!isCamelBookkeeping(k)) {
                    own.put(k, v);
                }
            });
            if (!own.isEmpty()) {
                json.append(",\"details\":");
                value(json, own);
            }
            json.append('}');
        }
        json.append("]}\n");
        resp.setStatus(up ? 200 : 503);
        resp.setContentType("application/json; charset=utf-8");
        resp.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Camel's own counters and ids in every result's details: left out, only what a check reports is served. */
    private static boolean isCamelBookkeeping(String key) {
        return key.startsWith("check.") || key.startsWith("invocation.") || key.startsWith("failure.")
                || key.startsWith("success.") || HealthCheck.ENDPOINT_URI.equals(key) || HealthCheck.HTTP_RESPONSE_CODE.equals(key);
    }

    /** JSON of a detail value: maps, collections, numbers and booleans as such, anything else as its string. */
    static void value(StringBuilder json, Object v) {
        if (v == null) {
            json.append("null");
        } else if (v instanceof Map<?, ?> m) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                json.append(first ? "" : ",").append(str(String.valueOf(e.getKey()))).append(':');
                value(json, e.getValue());
                first = false;
            }
            json.append('}');
        } else if (v instanceof Collection<?> c) {
            json.append('[');
            boolean first = true;
            for (Object o : c) {
                json.append(first ? "" : ",");
                value(json, o);
                first = false;
            }
            json.append(']');
        } else if (v instanceof Number || v instanceof Boolean) {
            json.append(v);
        } else {
            json.append(str(v.toString()));
        }
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
