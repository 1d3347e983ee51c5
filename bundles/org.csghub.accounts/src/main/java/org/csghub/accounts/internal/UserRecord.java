package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.csghub.accounts.api.UserView;

/** A row of {@code accounts_user}. A deleted user keeps its row (and its name) with {@code deletedAt} set. */
@Entity
@Table(name = "accounts_user")
class UserRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, unique = true, length = 64)
    String username;
    @Column(length = 254)
    String email;
    @Column(name = "display_name", length = 128)
    String displayName;
    @Column(name = "avatar_url", length = 512)
    String avatarUrl;
    @Column(name = "site_admin", nullable = false)
    boolean siteAdmin;
    @Column(nullable = false)
    boolean disabled;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @Column(name = "deleted_at")
    Instant deletedAt;

    UserView view() {
        return new UserView(id, username, email, displayName, avatarUrl, siteAdmin, disabled, createdAt, updatedAt);
    }
}
