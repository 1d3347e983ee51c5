package org.csghub.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launch settings, layered from weakest to strongest: the edition's defaults, the operator's
 * {@code conf/csghub.properties}, {@code CSGHUB_*} environment variables ({@code CSGHUB_HTTP_PORT} becomes
 * {@code csghub.http.port}) and {@code -D} system properties. Values may refer to each other as
 * {@code ${name}} or {@code ${name:-default}}; every setting becomes a framework property, so components and
 * the {@code conf/*.cfg} files read them the same way.
 */
final class Settings {

    static final String ENV_PREFIX = "CSGHUB_";
    private static final Pattern REF = Pattern.compile("\\$\\{([^}:]+)(?::-([^}]*))?}");

    private final Map<String, String> values = new TreeMap<>();

    /** Adds properties from a stream; later layers win. */
    Settings layer(InputStream in) throws IOException {
        if (in != null) {
            try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(reader);
                p.forEach((k, v) -> values.put(k.toString(), v.toString()));
            }
        }
        return this;
    }

    Settings layer(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                layer(in);
            }
        }
        return this;
    }

    Settings layer(Map<String, String> map) {
        values.putAll(map);
        return this;
    }

    /** The {@code CSGHUB_*} variables as settings: {@code CSGHUB_DB_URL} becomes {@code csghub.db.url}. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                out.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return out;
    }

    /** The system properties that name settings: {@code csghub.*} and anything the edition already knows. */
    Map<String, String> overriddenBy(Properties system) {
        Map<String, String> out = new TreeMap<>();
        system.forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("csghub.") || values.containsKey(key)) {
                out.put(key, v.toString());
            }
        });
        return out;
    }

    String get(String key) {
        return resolve(values.get(key), 0);
    }

    String get(String key, String fallback) {
        String v = get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(get(key, "false"));
    }

    void set(String key, String value) {
        values.put(key, value);
    }

    /** Every setting with its references resolved. */
    Map<String, String> resolved() {
        Map<String, String> out = new TreeMap<>();
        values.keySet().forEach(k -> out.put(k, get(k)));
        return out;
    }

    private String resolve(String value, int depth) {
        if (value == null || depth > 10 || value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = resolve(values.get(m.group(1)), depth + 1);
            if (ref == null || ref.isEmpty()) {
                ref = m.group(2) != null ? m.group(2) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(ref));
        }
        m.appendTail(out);
        return out.toString();
    }
}
