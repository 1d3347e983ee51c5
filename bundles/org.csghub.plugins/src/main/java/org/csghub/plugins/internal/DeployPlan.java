package org.csghub.plugins.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a scan of deploy/ must do, given the jars found there and the bundles installed from it earlier
 * (both by file name, with modification times in epoch millis): install new jars, update jars changed since
 * their bundle was installed, uninstall bundles whose jar is gone. Used at start, so that changes made while
 * the hub was down are applied, and after a lost-events overflow.
 */
record DeployPlan(List<String> install, List<String> update, List<String> uninstall) {

    static DeployPlan of(Map<String, Long> jars, Map<String, Long> installed) {
        List<String> install = new ArrayList<>();
        List<String> update = new ArrayList<>();
        List<String> uninstall = new ArrayList<>();
        jars.forEach((name, modified) -> {
            Long bundleModified = installed.get(name);
            if (bundleModified == null) {
                install.add(name);
            } else if (modified > bundleModified) {
                update.add(name);
            }
        });
        installed.keySet().stream().filter(name -> !jars.containsKey(name)).forEach(uninstall::add);
        install.sort(null);
        update.sort(null);
        uninstall.sort(null);
        return new DeployPlan(List.copyOf(install), List.copyOf(update), List.copyOf(uninstall));
    }

    /** Files the watcher considers: jars, not hidden, not an editor's or downloader's temporary file. */
    static boolean watched(String fileName) {
        return fileName.endsWith(".jar") && !fileName.startsWith(".");
    }
}
