package org.csghub.repo.git.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csghub.accounts.api.Authenticator;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.repo.git.internal.lfs.DbLfsStore;
import org.csghub.repo.git.internal.lfs.LfsHttp;
import org.csghub.repo.git.internal.lfs.LfsLocks;
import org.csghub.repo.git.internal.lfs.LfsSigningKey;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link GitEndpoint} servlet at {@code /{segment}/*} per installed {@link RepoType}, and removes
 * it when the type goes: Git smart HTTP and Git LFS exist for exactly the types installed. Git LFS is also
 * reachable where the HuggingFace clients look for it, under {@code /hf/} ({@link HfLfsFilter}).
 */
@Component(service = {}, immediate = true)
@RequireHttpWhiteboard
public class GitHttp {

    private static final Logger LOG = LoggerFactory.getLogger(GitHttp.class);
    /** Uploads and downloads of LFS content served at once per node; more are told to retry (429). */
    static final int MAX_LFS_TRANSFERS = 64;

    private final BundleContext context;
    private final Repositories repositories;
    private final GitRepos repos;
    private final ChangeNotifier notifier;
    private final DbLfsStore lfsStore;
    private final Repacker repacker;
    private final Callers callers;
    private final LfsHttp lfs;
    private final Map<RepoType, ServiceRegistration<Servlet>> registrations = new ConcurrentHashMap<>();
    private final ServiceRegistration<Filter> hfLfs;
    private volatile boolean active = true;

    @Activate
    public GitHttp(BundleContext context, @Reference Repositories repositories, @Reference Authenticator authenticator,
                   @Reference Permissions permissions, @Reference GitRepos repos, @Reference ChangeNotifier notifier,
                   @Reference DbLfsStore lfsStore, @Reference LfsLocks locks, @Reference LfsSigningKey keys,
                   @Reference Repacker repacker) {
        this.context = context;
        this.repositories = repositories;
        this.repos = repos;
        this.notifier = notifier;
        this.lfsStore = lfsStore;
        this.repacker = repacker;
        this.callers = new Callers(authenticator, permissions);
        this.lfs = new LfsHttp(callers, lfsStore, locks, keys, () -> repos.config().lfsActionSeconds(),
                MAX_LFS_TRANSFERS);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, "/hf/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "hf-lfs");
        this.hfLfs = context.registerService(Filter.class, new HfLfsFilter(repositories, lfs), props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addType(RepoType type) {
        if (!active) {
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/" + type.segment() + "/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "git-" + type.segment());
        GitEndpoint servlet = new GitEndpoint(type, repositories, callers, lfs, gitServlet());
        registrations.put(type, context.registerService(Servlet.class, servlet, props));
        LOG.info("Git and LFS served at /{}/<namespace>/<name>.git", type.segment());
    }

    void removeType(RepoType type) {
        ServiceRegistration<Servlet> registration = registrations.remove(type);
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        registrations.keySet().forEach(this::removeType);
        try {
            hfLfs.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }

    /** JGit's smart HTTP server over our repositories; the caller was checked before it is reached. */
    private GitServlet gitServlet() {
        GitServlet git = new GitServlet();
        git.setAsIsFileService(AsIsFileService.DISABLED);
        git.setRepositoryResolver((req, name) -> {
            Repo repo = (Repo) req.getAttribute(GitEndpoint.REPO);
            if (repo == null) {
                throw new RepositoryNotFoundException(name);
            }
            return repos.open(repo);
        });
        git.setUploadPackFactory((req, db) -> {
            Repo repo = (Repo) req.getAttribute(GitEndpoint.REPO);
            UploadPack up = new UploadPack(db);
            // protocol v2 when the client asks for it (as JGit's default factory does): v2 clones keep the pack
            // as sent (index-pack) instead of exploding small packs into loose objects, and ls-refs filters refs
            String protocol = req.getHeader("Git-Protocol");
            if (protocol != null) {
                up.setExtraParameters(Arrays.asList(protocol.split(":")));
            }
            PackConfig pack = new PackConfig(db);
            up.setPackConfig(pack);
            // one download per fetch that sent a pack (not per ref advertisement or ls-refs)
            up.setPostUploadHook(stats -> countDownload(repo));
            return up;
        });
        git.setReceivePackFactory((req, db) -> {
            Repo repo = (Repo) req.getAttribute(GitEndpoint.REPO);
            Subject pusher = (Subject) req.getAttribute(GitEndpoint.SUBJECT);
            ReceivePack rp = new ReceivePack(db);
            rp.setAtomic(true);
            rp.setAllowCreates(true);
            rp.setAllowDeletes(true);
            rp.setCheckReceivedObjects(true);
            rp.setRefLogIdent(new PersonIdent(pusher.getName(), pusher.getName() + "@csghub"));
            PushHooks hooks = new PushHooks(repo, pusher, repos.config().maxNonLfsFileBytes(), lfsStore, notifier,
                    repacker);
            rp.setPreReceiveHook(hooks);
            rp.setPostReceiveHook(hooks);
            return rp;
        });
        return git;
    }

    private void countDownload(Repo repo) {
        try {
            repositories.countDownload(repo.id());
        } catch (RuntimeException e) {
            LOG.debug("Download of {} not counted: {}", repo.path(), e.toString());
        }
    }
}
