package org.csghub.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theEstimateIsTheBodyOverFourPlusTheCompletionLimitPerChoice() throws Exception {
        ObjectNode body = (ObjectNode) json.readTree("{\"model\":\"a/b\",\"max_tokens\":8,\"messages\":[]}");
        assertThat(Policy.estimate(40, body, 100)).isEqualTo(10 + 8);
        assertThat(Policy.estimate(41, body, 100)).isEqualTo(11 + 8); // rounded up
        body.put("max_completion_tokens", 5); // the newer field wins
        assertThat(Policy.estimate(40, body, 100)).isEqualTo(10 + 5);
        body.put("n", 3);
        assertThat(Policy.estimate(40, body, 100)).isEqualTo(10 + 15);
        ObjectNode none = (ObjectNode) json.readTree("{\"model\":\"a/b\",\"max_tokens\":0}");
        assertThat(Policy.estimate(0, none, 100)).isEqualTo(100); // no usable limit: the default
        assertThat(Policy.setsMaxTokens(none)).isFalse();
        assertThat(Policy.setsMaxTokens(body)).isTrue();
    }

    @Test
    void periodsStartAtUtcBoundariesAndMinutesEnd() {
        Instant now = Instant.parse("2026-03-17T13:45:12.500Z");
        assertThat(Policy.Period.DAY.start(now)).isEqualTo(Instant.parse("2026-03-17T00:00:00Z"));
        assertThat(Policy.Period.MONTH.start(now)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(Policy.Period.TOTAL.start(now)).isEqualTo(Instant.EPOCH);
        assertThat(Policy.minute(now)).isEqualTo(Instant.parse("2026-03-17T13:45:00Z"));
        assertThat(Policy.secondsToNextMinute(now)).isEqualTo(48); // 47.5 s, rounded up
        assertThat(Policy.secondsToNextMinute(Instant.parse("2026-03-17T13:45:59.999Z"))).isEqualTo(1);
        assertThat(Policy.secondsToNextMinute(Instant.parse("2026-03-17T13:45:00Z"))).isEqualTo(60);
        assertThat(Policy.Period.parse(" Month ")).isEqualTo(Policy.Period.MONTH);
        assertThatThrownBy(() -> Policy.Period.parse("week")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policy.Period.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAllowListAdmitsAModelAndItsWorkloadIds() {
        Policy p = new Policy(1, Policy.parseModels("alice/tiny, bob/big"), null, null, null, null);
        assertThat(p.models()).containsExactly("alice/tiny", "bob/big");
        assertThat(p.allows("alice/tiny")).isTrue();
        assertThat(p.allows("alice/tiny:w42")).isTrue();
        assertThat(p.allows("alice/tin")).isFalse();
        assertThat(p.allows("carol/x")).isFalse();
        assertThat(new Policy(1, null, null, null, null, null).allows("anything")).isTrue();
        assertThat(new Policy(1, List.of(), null, null, null, null).allows("alice/tiny")).isFalse();
    }

    @Test
    void settlingChargesTheRealUsageTheEstimateWhenAnAnswerBeganWithoutOneAndNothingOtherwise() {
        Call call = new Call(new Subject(1, "a", null, false, java.util.Set.of(), 7L, null, null));
        assertThat(Admission.charged(call, 50)).isZero(); // never answered: released
        call.firstToken();
        assertThat(Admission.charged(call, 50)).isEqualTo(50); // answered, usage unknown
        call.promptTokens = 12;
        call.completionTokens = 3;
        assertThat(Admission.charged(call, 50)).isEqualTo(15);
        call.totalTokens = 16;
        assertThat(Admission.charged(call, 50)).isEqualTo(16);
    }

    @Test
    void aPolicyBodyIsValidatedFieldByField() {
        KeyPolicyResource.Validated v = KeyPolicyResource.validate(Map.of("models", List.of("alice/tiny"),
                "budgetTokens", 100, "budgetPeriod", "day", "rpm", 2, "tpm", 0));
        assertThat(v.models()).containsExactly("alice/tiny");
        assertThat(v.budgetTokens()).isEqualTo(100);
        assertThat(v.period()).isEqualTo(Policy.Period.DAY);
        assertThat(v.rpm()).isEqualTo(2);
        assertThat(v.tpm()).isZero();
        assertThat(KeyPolicyResource.validate(Map.of()).budgetTokens()).isNull();
        assertRefused(Map.of("budgetTokens", -1, "budgetPeriod", "day"), "budgetTokens");
        assertRefused(Map.of("budgetTokens", 10, "budgetPeriod", "week"), "budgetPeriod");
        assertRefused(Map.of("budgetTokens", 10), "budgetPeriod");
        assertRefused(Map.of("budgetPeriod", "day"), "budgetTokens");
        assertRefused(Map.of("rpm", -5), "rpm");
        assertRefused(Map.of("tpm", 1.5), "tpm");
        assertRefused(Map.of("rpm", "10"), "rpm");
        assertRefused(Map.of("rpm", 3_000_000_000L), "rpm");
        assertRefused(Map.of("models", "alice/tiny"), "models");
        assertRefused(Map.of("models", List.of("a,b")), "models");
        assertRefused(Map.of("budget", 1), "budget");
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("rpm", null);
        assertThat(KeyPolicyResource.validate(nulls).rpm()).isNull();
        assertThatThrownBy(() -> KeyPolicyResource.validate(null)).isInstanceOf(ApiException.class);
    }

    private static void assertRefused(Map<String, Object> body, String field) {
        assertThatThrownBy(() -> KeyPolicyResource.validate(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_field");
            assertThat(e.details()).containsEntry("field", field);
        });
    }
}
