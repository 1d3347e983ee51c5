package org.csghub.repo.git.internal;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.repo.git.internal.lfs.LfsHttp;
import org.eclipse.jgit.http.server.GitServlet;

/**
 * Everything under {@code /{segment}/} for one repository type: Git smart HTTP at
 * {@code /{segment}/{namespace}/{name}[.git]/(info/refs|git-upload-pack|git-receive-pack)}, served by JGit's
 * {@link GitServlet} once the caller is authenticated and allowed, and Git LFS under
 * {@code .../{name}.git/info/lfs/}. Refusals are what git understands: 401 with a Basic challenge so that git
 * asks for credentials (anonymous callers), 404 for repositories the caller may not see, 403 for a push to a
 * repository the caller may only read.
 */
final class GitEndpoint extends HttpServlet {

    static final String REPO = "org.csghub.repo.git.repo";
    static final String SUBJECT = "org.csghub.repo.git.subject";
    static final String REALM = "Basic realm=\"CSGHub\"";
    private static final long serialVersionUID = 1L;
    private static final Pattern PATH = Pattern.compile("/([^/]+)/([^/]+?)(?:\\.git)?(/.*)");

    private final transient RepoType type;
    private final transient Repositories repositories;
    private final transient Callers callers;
    private final transient LfsHttp lfs;
    private final GitServlet git;

    GitEndpoint(RepoType type, Repositories repositories, Callers callers, LfsHttp lfs, GitServlet git) {
        this.type = type;
        this.repositories = repositories;
        this.callers = callers;
        this.lfs = lfs;
        this.git = git;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        git.init(config);
    }

    @Override
    public void destroy() {
        git.destroy();
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String path = req.getPathInfo();
        Matcher m = path == null ? null : PATH.matcher(path);
        if (m == null || !m.matches()) {
            text(res, 404, "Not found");
            return;
        }
        String rest = m.group(3);
        Optional<Repo> found = repositories.find(type.name(), m.group(1), m.group(2));
        if (found.isEmpty()) {
            if (rest.startsWith("/info/lfs/")) {
                lfsNotFound(res);
            } else {
                text(res, 404, "Repository not found");
            }
            return;
        }
        Repo repo = found.get();
        if (rest.startsWith("/info/lfs/")) {
            lfs.handle(req, res, repo, rest.substring("/info/lfs/".length()));
            return;
        }
        Action action = gitAction(req.getMethod(), rest, req.getParameter("service"));
        if (action == null) {
            // the dumb protocol and anything else git does not need
            text(res, 404, "Not found");
            return;
        }
        Subject subject;
        try {
            subject = callers.subject(req);
        } catch (AccessDeniedException e) {
            res.setHeader("WWW-Authenticate", REALM);
            text(res, 401, e.getMessage());
            return;
        }
        Optional<Callers.Refusal> refusal = callers.check(subject, action, repo);
        if (refusal.isPresent()) {
            switch (refusal.get()) {
                case LOG_IN -> {
                    res.setHeader("WWW-Authenticate", REALM);
                    text(res, 401, "Authentication required");
                }
                case NOT_FOUND -> text(res, 404, "Repository not found");
                case FORBIDDEN -> text(res, 403, "You may not push to " + repo.path());
            }
            return;
        }
        req.setAttribute(REPO, repo);
        req.setAttribute(SUBJECT, subject);
        git.service(req, res);
    }

    /** What a smart-HTTP request needs: READ to fetch, WRITE to push; {@code null} for anything else. */
    static Action gitAction(String method, String rest, String service) {
        if (rest.equals("/info/refs") && method.equals("GET")) {
            if ("git-upload-pack".equals(service)) {
                return Action.READ;
            }
            return "git-receive-pack".equals(service) ? Action.WRITE : null;
        }
        if (method.equals("POST")) {
            if (rest.equals("/git-upload-pack")) {
                return Action.READ;
            }
            if (rest.equals("/git-receive-pack")) {
                return Action.WRITE;
            }
        }
        return null;
    }

    static void lfsNotFound(HttpServletResponse res) throws IOException {
        byte[] body = "{\"message\":\"Repository not found\"}".getBytes(StandardCharsets.UTF_8);
        res.setStatus(404);
        res.setContentType(LfsHttp.MEDIA_TYPE);
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    private static void text(HttpServletResponse res, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType("text/plain; charset=utf-8");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
