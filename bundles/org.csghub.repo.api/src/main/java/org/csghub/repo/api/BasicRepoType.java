package org.csghub.repo.api;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A repository type that is only data, which is what most are: a type bundle's component extends this with a
 * constructor naming the type and its card fields, and registers as {@code @Component(service = RepoType.class)}.
 */
@ConsumerType
public abstract class BasicRepoType implements RepoType {

    private final String name;
    private final String segment;
    private final String displayName;
    private final Set<RepoFeature> features;
    private final List<CardField> cardFields;

    protected BasicRepoType(String name, String segment, String displayName, Set<RepoFeature> features,
                            List<CardField> cardFields) {
        this.name = name;
        this.segment = segment;
        this.displayName = displayName;
        this.features = Set.copyOf(features);
        this.cardFields = List.copyOf(cardFields);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String segment() {
        return segment;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Set<RepoFeature> features() {
        return features;
    }

    @Override
    public List<CardField> cardFields() {
        return cardFields;
    }
}
