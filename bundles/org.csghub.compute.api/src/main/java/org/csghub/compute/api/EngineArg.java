package org.csghub.compute.api;

import java.util.List;
import java.util.Objects;

/**
 * One engine argument as a form shows it and a command line takes it.
 *
 * @param name         the key users set, e.g. {@code max-model-len}
 * @param type         how a form renders it and how the value is checked
 * @param defaultValue the value used when the user sets none; {@code null} or blank: the flag is left out
 * @param allowed      the choices of a {@link Type#SELECT}; empty otherwise
 * @param format       how the value becomes arguments, split on spaces after {@code {}} is replaced by the value,
 *                     e.g. {@code --max-model-len {}}; a {@link Type#SWITCH} is emitted as written when true
 * @param description  a one-line help text
 */
public record EngineArg(String name, Type type, String defaultValue, List<String> allowed, String format,
                        String description) {

    /** Form widgets: text box, number box, select, switch. */
    public enum Type { TEXT, INT, FLOAT, SELECT, SWITCH }

    public EngineArg {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    /**
     * The value checked against the type.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    public String check(String value) {
        String v = value.trim();
        boolean ok = switch (type) {
            case TEXT -> !v.contains("\n");
            case INT -> v.matches("-?\\d{1,18}");
            case FLOAT -> v.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
            case SELECT -> allowed.contains(v);
            case SWITCH -> v.equals("true") || v.equals("false");
        };
        if (!ok) {
            throw new IllegalArgumentException("engine argument " + name + " must be "
                    + switch (type) {
                        case TEXT -> "one line of text";
                        case INT -> "an integer";
                        case FLOAT -> "a number";
                        case SELECT -> "one of " + allowed;
                        case SWITCH -> "true or false";
                    } + ", not '" + value + "'");
        }
        return v;
    }

    /** The command-line words for a checked value. */
    public List<String> render(String value) {
        if (type == Type.SWITCH) {
            return Boolean.parseBoolean(value) ? List.of(format.trim().split("\\s+")) : List.of();
        }
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(format.trim().split("\\s+")).map(w -> w.replace("{}", value)).toList();
    }
}
