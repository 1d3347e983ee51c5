package org.csghub.repo.git.internal.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;

/**
 * Which paths the repository's top-level {@code .gitattributes} puts into LFS ({@code filter=lfs}), as
 * {@code git lfs track} writes them. Later lines win, as in Git; {@code -filter} or {@code filter=other}
 * takes a path out again. Nested {@code .gitattributes} files are not consulted.
 */
final class LfsRules {

    private static final LfsRules NONE = new LfsRules(List.of());

    private final List<AttributesRule> rules;

    private LfsRules(List<AttributesRule> rules) {
        this.rules = rules;
    }

    static LfsRules parse(byte[] gitattributes) {
        if (gitattributes == null || gitattributes.length == 0) {
            return NONE;
        }
        AttributesNode node = new AttributesNode();
        try {
            node.parse(new ByteArrayInputStream(gitattributes));
        } catch (IOException e) {
            return NONE;
        }
        return new LfsRules(node.getRules());
    }

    boolean tracked(String path) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            AttributesRule rule = rules.get(i);
            if (!rule.isMatch(path, false)) {
                continue;
            }
            for (Attribute a : rule.getAttributes()) {
                if (a.getKey().equals("filter")) {
                    return a.getState() == Attribute.State.CUSTOM && "lfs".equals(a.getValue());
                }
            }
        }
        return false;
    }
}
