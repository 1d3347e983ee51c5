package org.csghub.plugins.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.health.HealthCheck;
import org.csghub.health.HealthStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code plugins} in GET /api/v1/health: each plugin's state, DEGRADED while any plugin has failed. A broken
 * plugin never makes the hub unready: the platform keeps serving without it.
 */
@Component(property = HealthCheck.NAME + "=plugins")
public class PluginsHealthCheck implements HealthCheck {

    private final PluginManager plugins;

    @Activate
    public PluginsHealthCheck(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    @Override
    public HealthStatus check() {
        return status(plugins.list(), plugins.refusedDeploys());
    }

    static HealthStatus status(List<PluginView> views, Map<String, String> refused) {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> failed = views.stream().filter(PluginView::failed).map(PluginView::symbolicName).toList();
        for (PluginView v : views) {
            Map<String, Object> plugin = new LinkedHashMap<>();
            plugin.put("id", v.id());
            plugin.put("version", v.version());
            plugin.put("state", v.failed() ? "failed" : v.state());
            if (v.failed()) {
                plugin.put("failure", v.failure());
            }
            details.put(v.symbolicName(), plugin);
        }
        if (!refused.isEmpty()) {
            details.put("refused", refused);
        }
        if (failed.isEmpty() && refused.isEmpty()) {
            return HealthStatus.up(details);
        }
        List<String> problems = new java.util.ArrayList<>();
        if (!failed.isEmpty()) {
            problems.add(failed.size() + " plugin(s) failed: " + String.join(", ", failed));
        }
        if (!refused.isEmpty()) {
            problems.add(refused.size() + " jar(s) in deploy/ refused: " + String.join(", ", refused.keySet()));
        }
        return HealthStatus.degraded(String.join("; ", problems), details);
    }
}
