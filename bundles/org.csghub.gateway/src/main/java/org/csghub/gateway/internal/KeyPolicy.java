package org.csghub.gateway.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The policy of one inference key (an access token id); {@code null} limits are no limits. */
@Entity
@Table(name = "gateway_key_policy")
public class KeyPolicy {

    @Id
    @Column(name = "token_id")
    Long tokenId;
    @Column(name = "owner_user_id")
    Long ownerUserId;
    @Column(length = 64)
    String organization;
    /** Comma-separated model ids; {@code null}: every model the key may read. */
    @Column(length = 4000)
    String models;
    @Column(name = "budget_tokens")
    Long budgetTokens;
    @Column(name = "budget_period", length = 8)
    String budgetPeriod;
    Integer rpm;
    Integer tpm;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    Policy view() {
        return new Policy(tokenId, Policy.parseModels(models), budgetTokens,
                budgetPeriod == null ? null : Policy.Period.parse(budgetPeriod), rpm, tpm);
    }
}
