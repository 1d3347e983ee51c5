package org.csghub.repo.git.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.csghub.repo.api.Repo;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.RepositoryCache.FileKey;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Where the bare repositories live: {@code <dataDir>/<id % 256 as two hex digits>/<id>.git}. Keyed by the
 * repository's id, never by its name, so renames and transfers move no files and a name cannot escape the
 * directory. Repositories are created on first use.
 */
@Component(service = GitRepos.class, configurationPid = GitConfig.PID)
@Designate(ocd = GitConfig.class)
public class GitRepos {

    private final Path root;
    private final GitConfig config;

    @Activate
    public GitRepos(GitConfig config) {
        this.config = config;
        this.root = Path.of(config.dataDir()).toAbsolutePath().normalize();
    }

    public GitConfig config() {
        return config;
    }

    public Path directory(long repoId) {
        return root.resolve(String.format("%02x", repoId % 256)).resolve(repoId + ".git");
    }

    /** Opens (creating when missing) the bare repository; the caller closes it. */
    public Repository open(Repo repo) {
        return open(repo.id(), repo.defaultBranch());
    }

    public Repository open(long repoId, String defaultBranch) {
        File dir = directory(repoId).toFile();
        try {
            if (!FileKey.isGitRepository(dir, FS.DETECTED)) {
                create(dir, defaultBranch);
            }
            return RepositoryCache.open(FileKey.exact(dir, FS.DETECTED), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open repository " + repoId, e);
        }
    }

    private static synchronized void create(File dir, String defaultBranch) throws IOException {
        if (FileKey.isGitRepository(dir, FS.DETECTED)) {
            return;
        }
        Files.createDirectories(dir.toPath().getParent());
        try (Repository r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(dir).setBare().build()) {
            r.create(true);
            String branch = defaultBranch == null || defaultBranch.isBlank() ? "main" : defaultBranch;
            r.getRefDatabase().newUpdate(Constants.HEAD, false).link(Constants.R_HEADS + branch);
            StoredConfig cfg = r.getConfig();
            // pushes: never accept a non-fast-forward or deletion unless the protocol asks; keep objects sound
            cfg.setBoolean("receive", null, "fsckObjects", true);
            cfg.setBoolean("core", null, "logAllRefUpdates", true);
            cfg.setBoolean("repack", null, "writeBitmaps", true);
            cfg.setBoolean("pack", null, "writeReverseIndex", true);
            cfg.save();
        }
    }

    /** Deletes the repository's directory (after the repository was deleted from the registry). */
    public void delete(long repoId) throws IOException {
        Path dir = directory(repoId);
        RepositoryCache.unregister(FileKey.exact(dir.toFile(), FS.DETECTED));
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        RepositoryCache.clear();
    }
}
