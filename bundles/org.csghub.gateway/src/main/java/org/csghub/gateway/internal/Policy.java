package org.csghub.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A key's policy as admission uses it, and the arithmetic around it (periods, minutes, the token estimate), kept
 * free of the database so it can be unit-tested.
 *
 * @param models the allow-list, or {@code null} for every model the key may read
 * @param budgetTokens tokens per {@code period}, or {@code null}
 * @param rpm requests per minute, or {@code null}
 * @param tpm tokens per minute (estimated at admission, settled to the real usage), or {@code null}
 */
record Policy(long tokenId, List<String> models, Long budgetTokens, Period period, Integer rpm, Integer tpm) {

    /** A budget period; each starts at a UTC boundary ({@code total} never ends). */
    enum Period {
        DAY, MONTH, TOTAL;

        Instant start(Instant now) {
            return switch (this) {
                case DAY -> now.truncatedTo(ChronoUnit.DAYS);
                case MONTH -> LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
                case TOTAL -> Instant.EPOCH;
            };
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code day}, {@code month} or {@code total}; anything else is an {@link IllegalArgumentException}. */
        static Period parse(String value) {
            if (value != null) {
                for (Period p : values()) {
                    if (p.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                        return p;
                    }
                }
            }
            throw new IllegalArgumentException("budgetPeriod must be one of day, month, total");
        }
    }

    boolean limitsTokens() {
        return budgetTokens != null || tpm != null;
    }

    /**
     * Whether the allow-list admits a model id: the id itself, or, for {@code ns/name:<workload>}, its
     * repository {@code ns/name}.
     */
    boolean allows(String model) {
        if (models == null) {
            return true;
        }
        int colon = model.indexOf(':');
        return models.contains(model) || colon > 0 && models.contains(model.substring(0, colon));
    }

    static List<String> parseModels(String stored) {
        if (stored == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (String m : stored.split(",")) {
            if (!m.isBlank()) {
                list.add(m.trim());
            }
        }
        return List.copyOf(list);
    }

    static Instant minute(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES);
    }

    /** Whole seconds until the minute of {@code now} ends (at least 1): the Retry-After of an RPM/TPM refusal. */
    static long secondsToNextMinute(Instant now) {
        long millis = minute(now).plusSeconds(60).toEpochMilli() - now.toEpochMilli();
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * The tokens a request may take, before it runs: its prompt as the body's characters / 4 (rounded up; the
     * whole JSON body, so the chat template's overhead is covered by the keys and punctuation), plus the
     * completion limit ({@code max_completion_tokens}, else {@code max_tokens}, else {@code defaultMaxTokens})
     * for each of its {@code n} choices.
     */
    static long estimate(int bodyChars, JsonNode body, int defaultMaxTokens) {
        long prompt = (bodyChars + 3L) / 4;
        long completion = maxTokens(body, defaultMaxTokens);
        JsonNode n = body.get("n");
        long choices = n != null && n.canConvertToLong() && n.asLong() > 1 ? n.asLong() : 1;
        return prompt + completion * choices;
    }

    /** The completion limit the request sets, or {@code fallback}. */
    static long maxTokens(JsonNode body, int fallback) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode v = body.get(field);
            if (v != null && v.canConvertToLong() && v.asLong() > 0) {
                return v.asLong();
            }
        }
        return fallback;
    }

    static boolean setsMaxTokens(JsonNode body) {
        return maxTokens(body, -1) > 0;
    }
}
