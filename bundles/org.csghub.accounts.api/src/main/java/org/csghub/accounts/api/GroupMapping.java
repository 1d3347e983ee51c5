package org.csghub.accounts.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.ExternalIdentity.Membership;

/**
 * Turns a provider's group names into organization roles. Each rule reads {@code group=organization:role}
 * ({@code /ml-team=ml-team:write}, {@code admins=acme:admin}); groups without a rule grant nothing, and when
 * several groups grant roles in one organization the highest wins. The rules are parsed once, at activation,
 * so a typo fails the configuration instead of a login. Shared by the login plugins (OIDC, Casdoor) so that
 * every provider reads the same rule syntax.
 */
public record GroupMapping(Map<String, List<Membership>> rules) {

    public GroupMapping {
        rules = Map.copyOf(rules);
    }

    public static GroupMapping parse(String[] entries) {
        Map<String, List<Membership>> rules = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "group mapping '" + entry + "' must read group=organization:role");
            }
            String group = entry.substring(0, eq).trim();
            String organization = entry.substring(eq + 1, colon).trim();
            Role role = Role.parseGrantable(entry.substring(colon + 1));
            rules.computeIfAbsent(group, g -> new ArrayList<>()).add(new Membership(organization, role));
        }
        return new GroupMapping(rules);
    }

    public List<Membership> memberships(Collection<String> groups) {
        Map<String, Role> byOrganization = new LinkedHashMap<>();
        for (String group : groups) {
            for (Membership m : rules.getOrDefault(group, List.of())) {
                byOrganization.merge(m.organization(), m.role(), Role::atLeast);
            }
        }
        List<Membership> result = new ArrayList<>();
        byOrganization.forEach((org, role) -> result.add(new Membership(org, role)));
        return List.copyOf(result);
    }
}
