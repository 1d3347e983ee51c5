package org.csghub.repo.mcp.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.BasicRepoType;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** MCP servers: tools reachable through the MCP gateway, with the server's code and its manifest. */
@Component(service = RepoType.class)
public class McpRepoType extends BasicRepoType {

    public McpRepoType() {
        super("mcp", "mcps", "MCP server", Set.of(RepoFeature.MCP_TOOLS),
                List.of(
                CardField.LICENSE,
                CardField.TAGS,
                CardField.text("transport", "transport", "stdio, sse or streamable-http"),
                CardField.text("language", "language", "the server's programming language"),
                CardField.list("tools", null, "the tools the server offers")));
    }
}
