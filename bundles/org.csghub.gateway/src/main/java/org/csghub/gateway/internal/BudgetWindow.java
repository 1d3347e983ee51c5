package org.csghub.gateway.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key's tokens in one budget period: reserved by requests in flight, used by finished ones. */
@Entity
@Table(name = "gateway_budget_window")
public class BudgetWindow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "token_id", nullable = false)
    long tokenId;
    @Column(name = "period_start", nullable = false)
    Instant periodStart;
    @Column(name = "reserved_tokens", nullable = false)
    long reservedTokens;
    @Column(name = "used_tokens", nullable = false)
    long usedTokens;
    @Column(nullable = false)
    long version;
}
