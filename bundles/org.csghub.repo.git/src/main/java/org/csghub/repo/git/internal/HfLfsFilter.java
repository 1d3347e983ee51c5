package org.csghub.repo.git.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.repo.git.internal.lfs.LfsHttp;

/**
 * Git LFS where the HuggingFace clients look for it: {@code /hf/{ns}/{name}.git/info/lfs/...} for models and
 * {@code /hf/datasets/...}, {@code /hf/spaces/...} for the others ({@code HF_ENDPOINT=http://host/hf}). The same
 * handler as under {@code /{segment}/}, so batch answers, signed transfer URLs, and checks are identical. Every
 * other {@code /hf/} request passes on to the REST API.
 */
final class HfLfsFilter implements Filter {

    private static final Pattern PATH =
            Pattern.compile("/hf/(?:(models|datasets|spaces)/)?([^/]+)/([^/]+?)\\.git/info/lfs/(.+)");

    private final Repositories repositories;
    private final LfsHttp lfs;

    HfLfsFilter(Repositories repositories, LfsHttp lfs) {
        this.repositories = repositories;
        this.lfs = lfs;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String uri = req.getRequestURI().substring(req.getContextPath().length());
        Matcher m = PATH.matcher(uri);
        if (!m.matches()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse res = (HttpServletResponse) response;
        Optional<RepoType> type = repositories.typeForSegment(m.group(1) == null ? "models" : m.group(1));
        Optional<Repo> repo = type.flatMap(t -> repositories.find(t.name(), m.group(2), m.group(3)));
        if (repo.isEmpty()) {
            GitEndpoint.lfsNotFound(res);
            return;
        }
        lfs.handle(req, res, repo.get(), m.group(4));
    }
}
