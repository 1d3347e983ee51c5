package org.csghub.accounts.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.UserDirectory;
import org.csghub.accounts.api.UserView;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Users, organizations, members, collaborators and identity links in the database. Every method is one
 * transaction; names are unique across users and organizations, without regard to case.
 */
@Component(service = {AccountStore.class, UserDirectory.class})
public class AccountStore implements UserDirectory {

    private final Transactions tx;

    @Activate
    public AccountStore(@Reference Transactions tx) {
        this.tx = tx;
    }

    // ---- users

    /** Creates a user; 409 when the name (as a user or organization name) or the e-mail is taken. */
    public UserView createUser(String username, String email, String displayName, boolean siteAdmin) {
        Names.valid("username", username);
        String mail = validEmail(email);
        return unique(() -> tx.inTransaction(em -> {
            reserve(em, username, NamespaceRecord.USER);
            if (mail != null && !em.createQuery("select u.id from UserRecord u where u.email = :e", Long.class)
                    .setParameter("e", mail).getResultList().isEmpty()) {
                throw new ApiException(409, "conflict", "A user with this e-mail already exists",
                        Map.of("field", "email"));
            }
            UserRecord user = new UserRecord();
            user.username = username;
            user.email = mail;
            user.displayName = displayName == null || displayName.isBlank() ? username : cut(displayName, 128);
            user.siteAdmin = siteAdmin;
            user.createdAt = Instant.now();
            user.updatedAt = user.createdAt;
            em.persist(user);
            em.flush();
            return user.view();
        }), "username", username);
    }

    @Override
    public Optional<UserView> byUsername(String username) {
        return tx.readOnly(em -> user(em, username).map(UserRecord::view));
    }

    @Override
    public Optional<UserView> byId(long id) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(UserRecord.class, id))
                .filter(u -> u.deletedAt == null).map(UserRecord::view));
    }

    /** The user or 404. */
    public UserView requireUser(String username) {
        return byUsername(username).orElseThrow(() -> ApiException.notFound("User " + username + " not found"));
    }

    public Page<UserView> listUsers(String query, int page, int perPage) {
        Page.check(page, perPage);
        String like = "%" + (query == null ? "" : query.toLowerCase(Locale.ROOT)) + "%";
        return tx.readOnly(em -> {
            String where = " from UserRecord u where u.deletedAt is null and (lower(u.username) like :q"
                    + " or lower(coalesce(u.email, '')) like :q or lower(coalesce(u.displayName, '')) like :q)";
            long total = em.createQuery("select count(u)" + where, Long.class).setParameter("q", like)
                    .getSingleResult();
            List<UserView> items = em.createQuery("select u" + where + " order by u.id", UserRecord.class)
                    .setParameter("q", like).setFirstResult((page - 1) * perPage).setMaxResults(perPage)
                    .getResultStream().map(UserRecord::view).toList();
            return new Page<>(items, total, page, perPage);
        });
    }

    /** Changes what is given (null leaves a field alone). */
    public UserView updateUser(long id, String email, String displayName, String avatarUrl, Boolean siteAdmin,
                               Boolean disabled) {
        String mail = email == null ? null : validEmail(email);
        return tx.inTransaction(em -> {
            UserRecord user = em.find(UserRecord.class, id);
            if (user == null || user.deletedAt != null) {
                throw ApiException.notFound("User not found");
            }
            if (mail != null && !mail.equals(user.email)) {
                if (!em.createQuery("select u.id from UserRecord u where u.email = :e", Long.class)
                        .setParameter("e", mail).getResultList().isEmpty()) {
                    throw new ApiException(409, "conflict", "A user with this e-mail already exists",
                            Map.of("field", "email"));
                }
                user.email = mail;
            }
            if (displayName != null) {
                user.displayName = cut(displayName, 128);
            }
            if (avatarUrl != null) {
                user.avatarUrl = validUrl(avatarUrl);
            }
            if (siteAdmin != null) {
                user.siteAdmin = siteAdmin;
            }
            if (disabled != null) {
                user.disabled = disabled;
            }
            user.updatedAt = Instant.now();
            return user.view();
        });
    }

    /**
     * Soft-deletes a user: the row stays (so the name is never reused and audit rows keep meaning), the user
     * is disabled, leaves every organization and loses every token and session.
     */
    public void deleteUser(long id) {
        tx.run(em -> {
            UserRecord user = em.find(UserRecord.class, id);
            if (user == null || user.deletedAt != null) {
                throw ApiException.notFound("User not found");
            }
            Instant now = Instant.now();
            user.deletedAt = now;
            user.disabled = true;
            user.updatedAt = now;
            em.createQuery("delete from MemberRecord m where m.userId = :u").setParameter("u", id).executeUpdate();
            em.createQuery("delete from CollaboratorRecord c where c.userId = :u").setParameter("u", id)
                    .executeUpdate();
            em.createQuery("update TokenRecord t set t.revokedAt = :now where t.userId = :u and t.revokedAt is null")
                    .setParameter("now", now).setParameter("u", id).executeUpdate();
            em.createQuery("update SessionRecord s set s.revokedAt = :now where s.userId = :u and s.revokedAt is null")
                    .setParameter("now", now).setParameter("u", id).executeUpdate();
        });
    }

    public boolean anyAdmin() {
        return tx.readOnly(em -> !em.createQuery(
                "select u.id from UserRecord u where u.siteAdmin = true and u.deletedAt is null", Long.class)
                .setMaxResults(1).getResultList().isEmpty());
    }

    /** What the caches keep about a user: enough to authenticate and authorize. */
    record UserFlags(long id, String username, boolean siteAdmin, boolean active) {
    }

    public Optional<UserFlags> flags(long userId) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(UserRecord.class, userId))
                .map(u -> new UserFlags(u.id, u.username, u.siteAdmin, !u.disabled && u.deletedAt == null)));
    }

    // ---- identities (external logins)

    /**
     * The local user an external identity belongs to: the linked one, else a new user created just in time
     * (its name made valid and unique). Memberships the provider grants are applied on every login.
     */
    public UserView userFor(ExternalIdentity identity) {
        UserView user = tx.readOnly(em -> em.createQuery(
                        "select u from IdentityRecord i, UserRecord u where i.provider = :p and i.subject = :s"
                                + " and u.id = i.userId", UserRecord.class)
                .setParameter("p", identity.provider()).setParameter("s", identity.subject())
                .getResultStream().findFirst().map(UserRecord::view).orElse(null));
        if (user == null) {
            user = createLinkedUser(identity);
        }
        if (user.disabled()) {
            throw new ApiException(401, "account_disabled", "This account is disabled");
        }
        for (ExternalIdentity.Membership membership : identity.memberships()) {
            applyMembership(user, membership);
        }
        return user;
    }

    private UserView createLinkedUser(ExternalIdentity identity) {
        String base = usernameFrom(identity);
        String email = identity.email() != null && emailTaken(identity.email()) ? null : identity.email();
        for (int attempt = 0; attempt < 20; attempt++) {
            String candidate = attempt == 0 ? base : cut(base, Names.MAX_LENGTH - 4) + "-" + (attempt + 1);
            if (tx.readOnly(em -> em.find(NamespaceRecord.class, candidate.toLowerCase(Locale.ROOT))) != null) {
                continue;
            }
            try {
                UserView user = createUser(candidate, email, identity.displayName(), false);
                link(user.id(), identity.provider(), identity.subject());
                if (identity.avatarUrl() != null) {
                    try {
                        user = updateUser(user.id(), null, null, identity.avatarUrl(), null, null);
                    } catch (ApiException ignored) {
                        // an odd avatar URL from a provider does not stop the login
                    }
                }
                return user;
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
        throw new ApiException(409, "conflict", "Could not find a free username for this login");
    }

    /** Links the user to the provider's subject, unless that link exists. */
    public void link(long userId, String provider, String subject) {
        tx.run(em -> {
            if (!em.createQuery("select i.id from IdentityRecord i where i.provider = :p and i.subject = :s", Long.class)
                    .setParameter("p", provider).setParameter("s", subject).getResultList().isEmpty()) {
                return;
            }
            IdentityRecord link = new IdentityRecord();
            link.provider = provider;
            link.subject = subject;
            link.userId = userId;
            link.createdAt = Instant.now();
            em.persist(link);
        });
    }

    private boolean emailTaken(String email) {
        String mail = email.trim().toLowerCase(Locale.ROOT);
        return tx.readOnly(em -> !em.createQuery("select u.id from UserRecord u where u.email = :e", Long.class)
                .setParameter("e", mail).getResultList().isEmpty());
    }

    static String usernameFrom(ExternalIdentity identity) {
        String raw = identity.username();
        if (raw == null || raw.isBlank()) {
            raw = identity.email() != null ? identity.email().replaceAll("@.*", "") : "user";
        }
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("[._-]{2,}", "-")
                .replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        if (cleaned.length() > Names.MAX_LENGTH) {
            cleaned = cleaned.substring(0, Names.MAX_LENGTH).replaceAll("[^A-Za-z0-9]+$", "");
        }
        try {
            return Names.valid("username", cleaned);
        } catch (ApiException reservedOrShort) {
            return ("user-" + cleaned).replaceAll("-$", "");
        }
    }

    private void applyMembership(UserView user, ExternalIdentity.Membership membership) {
        Optional<OrgRecord> org = tx.readOnly(em -> org(em, membership.organization()));
        if (org.isEmpty()) {
            try {
                // created by the mapping, the member gets the mapped role (not admin): site admins manage it
                createOrg(membership.organization(), null, null, null);
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
        putMember(membership.organization(), user.username(), membership.role(), true);
    }

    // ---- organizations

    /** Creates an organization; its creator (when there is one) becomes its admin. */
    public Views.Organization createOrg(String name, String displayName, String description, Long creatorId) {
        Names.valid("organization name", name);
        return unique(() -> tx.inTransaction(em -> {
            reserve(em, name, NamespaceRecord.ORGANIZATION);
            OrgRecord org = new OrgRecord();
            org.name = name;
            org.displayName = displayName == null || displayName.isBlank() ? name : cut(displayName, 128);
            org.description = description == null ? null : cut(description, 1000);
            org.createdAt = Instant.now();
            org.updatedAt = org.createdAt;
            em.persist(org);
            em.flush();
            if (creatorId == null) {
                return Views.Organization.of(org);
            }
            MemberRecord creator = new MemberRecord();
            creator.orgId = org.id;
            creator.userId = creatorId;
            creator.role = Role.ADMIN.wireName();
            creator.createdAt = org.createdAt;
            em.persist(creator);
            return Views.Organization.of(org);
        }), "organization name", name);
    }

    public Views.Organization requireOrg(String name) {
        return tx.readOnly(em -> org(em, name).map(Views.Organization::of))
                .orElseThrow(() -> ApiException.notFound("Organization " + name + " not found"));
    }

    public Page<Views.Organization> listOrgs(String query, int page, int perPage) {
        Page.check(page, perPage);
        String like = "%" + (query == null ? "" : query.toLowerCase(Locale.ROOT)) + "%";
        return tx.readOnly(em -> {
            String where = " from OrgRecord o where o.deletedAt is null and lower(o.name) like :q";
            long total = em.createQuery("select count(o)" + where, Long.class).setParameter("q", like)
                    .getSingleResult();
            List<Views.Organization> items = em.createQuery("select o" + where + " order by o.name", OrgRecord.class)
                    .setParameter("q", like).setFirstResult((page - 1) * perPage).setMaxResults(perPage)
                    .getResultStream().map(Views.Organization::of).toList();
            return new Page<>(items, total, page, perPage);
        });
    }

    public Views.Organization updateOrg(String name, String displayName, String description) {
        return tx.inTransaction(em -> {
            OrgRecord org = org(em, name).orElseThrow(() -> ApiException.notFound("Organization " + name + " not found"));
            if (displayName != null) {
                org.displayName = cut(displayName, 128);
            }
            if (description != null) {
                org.description = cut(description, 1000);
            }
            org.updatedAt = Instant.now();
            return Views.Organization.of(org);
        });
    }

    /** Soft-deletes an organization: members leave, its API keys are revoked, the name stays reserved. */
    public void deleteOrg(String name) {
        tx.run(em -> {
            OrgRecord org = org(em, name).orElseThrow(() -> ApiException.notFound("Organization " + name + " not found"));
            Instant now = Instant.now();
            org.deletedAt = now;
            em.createQuery("delete from MemberRecord m where m.orgId = :o").setParameter("o", org.id).executeUpdate();
            em.createQuery("update TokenRecord t set t.revokedAt = :now where t.orgId = :o and t.revokedAt is null")
                    .setParameter("now", now).setParameter("o", org.id).executeUpdate();
        });
    }

    public List<Views.Member> members(String orgName) {
        return tx.readOnly(em -> {
            OrgRecord org = org(em, orgName)
                    .orElseThrow(() -> ApiException.notFound("Organization " + orgName + " not found"));
            return em.createQuery("select u.username, m.role, m.createdAt from MemberRecord m, UserRecord u"
                            + " where m.orgId = :o and u.id = m.userId order by u.username", Object[].class)
                    .setParameter("o", org.id).getResultStream()
                    .map(r -> new Views.Member((String) r[0], (String) r[1], (Instant) r[2])).toList();
        });
    }

    /**
     * Adds a member or changes their role. Demoting the last admin is refused (409): an organization always
     * has someone who can manage it. With {@code onlyRaise}, an existing higher role is kept (used by group
     * mappings, which must not demote what an admin granted by hand).
     */
    public Views.Member putMember(String orgName, String username, Role role, boolean onlyRaise) {
        return tx.inTransaction(em -> {
            OrgRecord org = org(em, orgName)
                    .orElseThrow(() -> ApiException.notFound("Organization " + orgName + " not found"));
            UserRecord user = user(em, username).orElseThrow(() -> ApiException.notFound("User " + username + " not found"));
            MemberRecord member = member(em, org.id, user.id).orElse(null);
            if (member == null) {
                member = new MemberRecord();
                member.orgId = org.id;
                member.userId = user.id;
                member.createdAt = Instant.now();
                member.role = role.wireName();
                em.persist(member);
            } else {
                Role current = Role.parseGrantable(member.role);
                if (onlyRaise && current.compareTo(role) >= 0) {
                    return new Views.Member(user.username, member.role, member.createdAt);
                }
                if (current == Role.ADMIN && role != Role.ADMIN && adminCount(em, org.id) <= 1) {
                    throw ApiException.conflict("The last admin of " + orgName + " cannot be demoted");
                }
                member.role = role.wireName();
            }
            return new Views.Member(user.username, member.role, member.createdAt);
        });
    }

    public void removeMember(String orgName, String username) {
        tx.run(em -> {
            OrgRecord org = org(em, orgName)
                    .orElseThrow(() -> ApiException.notFound("Organization " + orgName + " not found"));
            UserRecord user = user(em, username).orElseThrow(() -> ApiException.notFound("User " + username + " not found"));
            MemberRecord member = member(em, org.id, user.id)
                    .orElseThrow(() -> ApiException.notFound(username + " is not a member of " + orgName));
            if (Role.ADMIN.wireName().equals(member.role) && adminCount(em, org.id) <= 1) {
                throw ApiException.conflict("The last admin of " + orgName + " cannot leave");
            }
            em.remove(member);
        });
    }

    /** The user's role in the organization, {@link Role#NONE} if not a member (or no such organization). */
    public Role memberRole(long userId, String orgName) {
        return tx.readOnly(em -> em.createQuery("select m.role from MemberRecord m, OrgRecord o where o.id = m.orgId"
                        + " and lower(o.name) = :n and o.deletedAt is null and m.userId = :u", String.class)
                .setParameter("n", orgName.toLowerCase(Locale.ROOT)).setParameter("u", userId)
                .getResultStream().findFirst().map(Role::parseGrantable).orElse(Role.NONE));
    }

    @Override
    public List<String> organizationsOf(long userId) {
        return tx.readOnly(em -> em.createQuery("select o.name from MemberRecord m, OrgRecord o where o.id = m.orgId"
                        + " and o.deletedAt is null and m.userId = :u order by o.name", String.class)
                .setParameter("u", userId).getResultList());
    }

    /** The organization's id, if it exists and is not deleted. */
    @Override
    public boolean organizationExists(String name) {
        return orgId(name).isPresent();
    }

    public Optional<Long> orgId(String name) {
        return tx.readOnly(em -> org(em, name).map(o -> o.id));
    }

    public Optional<String> orgName(long id) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(OrgRecord.class, id))
                .filter(o -> o.deletedAt == null).map(o -> o.name));
    }

    // ---- collaborators

    public List<Views.Collaborator> collaborators(String resourceKey) {
        return tx.readOnly(em -> em.createQuery("select u.username, c.role, c.createdAt from CollaboratorRecord c,"
                        + " UserRecord u where c.resourceKey = :k and u.id = c.userId order by u.username", Object[].class)
                .setParameter("k", resourceKey).getResultStream()
                .map(r -> new Views.Collaborator((String) r[0], (String) r[1], (Instant) r[2])).toList());
    }

    public Views.Collaborator putCollaborator(String resourceKey, String username, Role role) {
        return tx.inTransaction(em -> {
            UserRecord user = user(em, username).orElseThrow(() -> ApiException.notFound("User " + username + " not found"));
            CollaboratorRecord row = em.createQuery("select c from CollaboratorRecord c where c.resourceKey = :k"
                            + " and c.userId = :u", CollaboratorRecord.class)
                    .setParameter("k", resourceKey).setParameter("u", user.id).getResultStream().findFirst()
                    .orElse(null);
            if (row == null) {
                row = new CollaboratorRecord();
                row.resourceKey = resourceKey;
                row.userId = user.id;
                row.createdAt = Instant.now();
                row.role = role.wireName();
                em.persist(row);
            } else {
                row.role = role.wireName();
            }
            return new Views.Collaborator(user.username, row.role, row.createdAt);
        });
    }

    public void removeCollaborator(String resourceKey, String username) {
        tx.run(em -> {
            UserRecord user = user(em, username).orElseThrow(() -> ApiException.notFound("User " + username + " not found"));
            int removed = em.createQuery("delete from CollaboratorRecord c where c.resourceKey = :k and c.userId = :u")
                    .setParameter("k", resourceKey).setParameter("u", user.id).executeUpdate();
            if (removed == 0) {
                throw ApiException.notFound(username + " is not a collaborator");
            }
        });
    }

    public Role collaboratorRole(String resourceKey, long userId) {
        return tx.readOnly(em -> em.createQuery("select c.role from CollaboratorRecord c where c.resourceKey = :k"
                        + " and c.userId = :u", String.class)
                .setParameter("k", resourceKey).setParameter("u", userId).getResultStream().findFirst()
                .map(Role::parseGrantable).orElse(Role.NONE));
    }

    // ---- helpers

    private static Optional<UserRecord> user(EntityManager em, String username) {
        if (username == null) {
            return Optional.empty();
        }
        return em.createQuery("select u from UserRecord u where lower(u.username) = :n and u.deletedAt is null",
                        UserRecord.class)
                .setParameter("n", username.toLowerCase(Locale.ROOT)).getResultStream().findFirst();
    }

    private static Optional<OrgRecord> org(EntityManager em, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return em.createQuery("select o from OrgRecord o where lower(o.name) = :n and o.deletedAt is null",
                        OrgRecord.class)
                .setParameter("n", name.toLowerCase(Locale.ROOT)).getResultStream().findFirst();
    }

    private static Optional<MemberRecord> member(EntityManager em, long orgId, long userId) {
        return em.createQuery("select m from MemberRecord m where m.orgId = :o and m.userId = :u", MemberRecord.class)
                .setParameter("o", orgId).setParameter("u", userId).getResultStream().findFirst();
    }

    private static long adminCount(EntityManager em, long orgId) {
        return em.createQuery("select count(m) from MemberRecord m where m.orgId = :o and m.role = 'admin'", Long.class)
                .setParameter("o", orgId).getSingleResult();
    }

    /** Reserves a name for a user or organization; 409 when any user or organization has it, in any case. */
    private static void reserve(EntityManager em, String name, String kind) {
        String key = name.toLowerCase(Locale.ROOT);
        NamespaceRecord existing = em.find(NamespaceRecord.class, key);
        if (existing != null) {
            throw new ApiException(409, "conflict", "The name " + name + " is already taken by "
                    + ("user".equals(existing.kind) ? "a user" : "an organization"), Map.of("field", "name"));
        }
        em.persist(new NamespaceRecord(key, kind, Instant.now()));
    }

    /** Runs work whose unique constraints may race with another request or replica; a lost race is a 409. */
    private static <T> T unique(java.util.function.Supplier<T> work, String field, String value) {
        try {
            return work.get();
        } catch (PersistenceException e) {
            throw new ApiException(409, "conflict", "The " + field + " " + value + " is already taken",
                    Map.of("field", field));
        }
    }

    static String validEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String mail = email.trim().toLowerCase(Locale.ROOT);
        if (mail.length() > 254 || !mail.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ApiException(400, "invalid_email", "email is not a valid address", Map.of("field", "email"));
        }
        return mail;
    }

    private static String validUrl(String url) {
        if (url.isBlank()) {
            return null;
        }
        if (url.length() > 512 || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw new ApiException(400, "invalid_url", "avatarUrl must be an http(s) URL of at most 512 characters",
                    Map.of("field", "avatarUrl"));
        }
        return url;
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
