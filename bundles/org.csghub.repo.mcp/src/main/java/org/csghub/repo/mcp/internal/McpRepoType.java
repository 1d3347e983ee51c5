package org.csghub.repo.mcp.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** MCP servers: tools reachable through the MCP gateway, with the server's code and its manifest. */
@Component
public class McpRepoType implements RepoType {

    private static final List<CardField> FIELDS = List.of(
            CardField.text("license", "license", "SPDX id or name of the license"),
            CardField.list("tags", null, "free tags"),
            CardField.text("transport", "transport", "stdio, sse or streamable-http"),
            CardField.text("language", "language", "the server's programming language"),
            CardField.list("tools", null, "the tools the server offers"));

    @Override
    public String name() {
        return "mcp";
    }

    @Override
    public String segment() {
        return "mcps";
    }

    @Override
    public String displayName() {
        return "MCP server";
    }

    @Override
    public Set<RepoFeature> features() {
        return Set.of(RepoFeature.MCP_TOOLS);
    }

    @Override
    public List<CardField> cardFields() {
        return FIELDS;
    }
}
