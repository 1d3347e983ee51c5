package org.csghub.repo.git.internal;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.csghub.repo.api.Repo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repacks a repository in the background a little after pushes, when it has several packs, loose objects or
 * no bitmap: one pack with a bitmap index is what lets upload-pack answer a clone without walking history.
 * One repository at a time, on one thread; pushes to a repository while it waits are folded into one run.
 */
@Component(service = Repacker.class)
public class Repacker {

    private static final Logger LOG = LoggerFactory.getLogger(Repacker.class);
    static final long DELAY_SECONDS = 10;

    private final GitRepos repos;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "csghub-git-repack");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();

    @Activate
    public Repacker(@Reference GitRepos repos) {
        this.repos = repos;
    }

    void pushed(Repo repo) {
        if (pending.add(repo.id())) {
            executor.schedule(() -> run(repo), DELAY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void run(Repo repo) {
        pending.remove(repo.id());
        try (Repository git = repos.open(repo)) {
            Git api = Git.wrap(git);
            Properties stats = api.gc().getStatistics();
            long packs = number(stats, "numberOfPackFiles");
            long loose = number(stats, "numberOfLooseObjects");
            long bitmaps = number(stats, "numberOfBitmaps");
            if (packs > 1 || loose > 0 || bitmaps == 0 && packs > 0) {
                long start = System.nanoTime();
                api.gc().setAggressive(false).call();
                LOG.info("Repacked {} ({} packs, {} loose objects) in {} ms", repo.path(), packs, loose,
                        (System.nanoTime() - start) / 1_000_000);
            }
        } catch (Exception e) {
            LOG.warn("Repack of {} failed", repo.path(), e);
        }
    }

    private static long number(Properties stats, String key) {
        Object v = stats.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }
}
