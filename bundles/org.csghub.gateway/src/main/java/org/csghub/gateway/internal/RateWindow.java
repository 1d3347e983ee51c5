package org.csghub.gateway.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key's requests and tokens in one UTC minute (RPM/TPM). */
@Entity
@Table(name = "gateway_rate_window")
public class RateWindow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "token_id", nullable = false)
    long tokenId;
    @Column(name = "minute_start", nullable = false)
    Instant minuteStart;
    @Column(nullable = false)
    int requests;
    @Column(nullable = false)
    long tokens;
}
