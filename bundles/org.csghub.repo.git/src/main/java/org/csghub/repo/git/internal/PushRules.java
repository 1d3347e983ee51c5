package org.csghub.repo.git.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * What a push may bring: branches and tags only; no file above the size limit unless it is in LFS; and every
 * LFS pointer's object already uploaded. Checks the objects the push adds (reachable from the new tips, not from
 * the refs the repository had), reading only the sizes of blobs and the content of pointer-sized ones.
 */
public final class PushRules {

    /** The verdict on a push: the problems (empty when it may go ahead) and the LFS objects it references. */
    public record Verdict(List<String> problems, Map<String, LfsPointer> pointers) {
        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    /** Whether an LFS object is stored, and with which size. */
    public interface LfsObjects {
        Optional<Long> size(String oid) throws IOException;
    }

    /** Most problems reported in one push; the rest are counted. */
    static final int MAX_REPORTED = 20;

    private PushRules() {
    }

    public static boolean validRefName(String name) {
        return (name.startsWith(Constants.R_HEADS) && name.length() > Constants.R_HEADS.length()
                || name.startsWith(Constants.R_TAGS) && name.length() > Constants.R_TAGS.length())
                && Repository.isValidRefName(name);
    }

    public static Verdict check(Repository git, Collection<ReceiveCommand> commands, Collection<Ref> existing,
                                long maxNonLfsBytes, LfsObjects lfs) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, LfsPointer> pointers = new LinkedHashMap<>();
        int more = 0;
        try (ObjectWalk walk = new ObjectWalk(git)) {
            ObjectReader reader = walk.getObjectReader();
            boolean any = false;
            for (ReceiveCommand cmd : commands) {
                if (cmd.getType() != ReceiveCommand.Type.DELETE) {
                    walk.markStart(walk.parseAny(cmd.getNewId()));
                    any = true;
                }
            }
            if (!any) {
                return new Verdict(problems, pointers);
            }
            for (Ref ref : existing) {
                ObjectId id = ref.getObjectId();
                if (id == null) {
                    continue;
                }
                try {
                    walk.markUninteresting(walk.parseAny(id));
                } catch (MissingObjectException ignored) {
                    // a ref to an object that is gone: nothing to exclude
                }
            }
            while (walk.next() != null) {
                // commits first; the trees and blobs follow in nextObject()
            }
            for (RevObject o; (o = walk.nextObject()) != null; ) {
                if (o.getType() != Constants.OBJ_BLOB) {
                    continue;
                }
                long size = reader.getObjectSize(o, Constants.OBJ_BLOB);
                String path = walk.getPathString();
                String problem = null;
                if (size > maxNonLfsBytes) {
                    problem = tooLarge(path, size, maxNonLfsBytes);
                } else if (size <= LfsPointers.MAX_POINTER_BYTES) {
                    Optional<LfsPointer> pointer = LfsPointers.parse(reader.open(o, Constants.OBJ_BLOB).getBytes());
                    if (pointer.isPresent()) {
                        Optional<Long> stored = lfs.size(pointer.get().oid());
                        if (stored.isEmpty() || stored.get() != pointer.get().size()) {
                            problem = "LFS object " + pointer.get().oid() + " of " + path
                                    + " is not on the server: run git lfs push --all origin, then push again";
                        } else {
                            pointers.put(pointer.get().oid(), pointer.get());
                        }
                    }
                }
                if (problem != null) {
                    if (problems.size() < MAX_REPORTED) {
                        problems.add(problem);
                    } else {
                        more++;
                    }
                }
            }
        }
        if (more > 0) {
            problems.add("... and " + more + " more");
        }
        return new Verdict(problems, pointers);
    }

    static String tooLarge(String path, long size, long max) {
        String pattern = pattern(path);
        return path + " is " + mb(size) + ", more than the " + mb(max) + " allowed outside Git LFS. Track it with LFS: "
                + "git lfs track \"" + pattern + "\" && git add .gitattributes && git rm --cached \"" + path
                + "\" && git add \"" + path + "\" && git commit --amend (or git lfs migrate import --include=\""
                + pattern + "\" for older commits), then push again";
    }

    /** {@code *.bin} for {@code weights/model.bin}; the file name itself when it has no extension. */
    static String pattern(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot > 0 && dot < file.length() - 1 ? "*" + file.substring(dot) : file;
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
