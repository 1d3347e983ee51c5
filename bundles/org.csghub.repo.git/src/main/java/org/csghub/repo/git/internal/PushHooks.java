package org.csghub.repo.git.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.git.internal.lfs.DbLfsStore;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks of one push. Before the refs move: {@link PushRules} (ref names, file sizes, LFS objects present);
 * a refused push is reported to the pusher as {@code remote:} lines and {@code [remote rejected]}. After: the
 * LFS objects are linked to the repository and the registry hears about each ref that moved.
 */
final class PushHooks implements PreReceiveHook, PostReceiveHook {

    private static final Logger LOG = LoggerFactory.getLogger(PushHooks.class);

    private final Repo repo;
    private final Subject pusher;
    private final long maxNonLfsBytes;
    private final DbLfsStore lfs;
    private final ChangeNotifier notifier;
    private final Repacker repacker;
    private List<LfsPointer> pointers = List.of();

    PushHooks(Repo repo, Subject pusher, long maxNonLfsBytes, DbLfsStore lfs, ChangeNotifier notifier,
              Repacker repacker) {
        this.repo = repo;
        this.pusher = pusher;
        this.maxNonLfsBytes = maxNonLfsBytes;
        this.lfs = lfs;
        this.notifier = notifier;
        this.repacker = repacker;
    }

    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        List<ReceiveCommand> live = new ArrayList<>();
        for (ReceiveCommand cmd : commands) {
            if (cmd.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED) {
                continue;
            }
            if (!PushRules.validRefName(cmd.getRefName())) {
                cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "only branches and tags may be pushed");
                rp.sendMessage(cmd.getRefName() + ": only refs/heads/* and refs/tags/* may be pushed here");
            } else {
                live.add(cmd);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        PushRules.Verdict verdict;
        try {
            verdict = PushRules.check(rp.getRepository(), live, rp.getAdvertisedRefs().values(), maxNonLfsBytes,
                    lfs::size);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Push check failed in {}", repo.path(), e);
            ReceiveCommand.abort(live);
            rp.sendMessage("The push could not be checked; try again");
            return;
        }
        if (!verdict.accepted()) {
            for (String problem : verdict.problems()) {
                rp.sendMessage(problem);
            }
            String reason = verdict.problems().get(0).contains("LFS object")
                    ? "LFS objects missing, run git lfs push --all" : "file too large, use git lfs track";
            for (ReceiveCommand cmd : live) {
                cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason);
            }
            return;
        }
        pointers = List.copyOf(verdict.pointers().values());
    }

    @Override
    public void onPostReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        boolean moved = commands.stream().anyMatch(c -> c.getResult() == ReceiveCommand.Result.OK);
        if (!moved) {
            return;
        }
        for (LfsPointer pointer : pointers) {
            lfs.link(repo.id(), pointer.oid(), pointer.size());
        }
        long lfsBytes = lfs.repoBytes(repo.id());
        for (ReceiveCommand cmd : commands) {
            if (cmd.getResult() != ReceiveCommand.Result.OK) {
                continue;
            }
            try {
                notifier.refUpdated(repo, rp.getRepository(), cmd.getRefName(), cmd.getOldId(), cmd.getNewId(),
                        lfsBytes, pusher);
            } catch (RuntimeException e) {
                // the refs have moved; a registry that failed to take note catches up on the next change
                LOG.warn("Could not record the push of {} to {}", cmd.getRefName(), repo.path(), e);
            }
        }
        repacker.pushed(repo);
    }
}
