package org.csghub.repo.api;

/** Operations beyond Git, LFS and browsing that a repository type supports. */
public enum RepoFeature {
    /** deploy as an inference endpoint */
    INFERENCE,
    /** fine-tune from it */
    FINETUNE,
    /** evaluate it, or evaluate with it (datasets) */
    EVALUATION,
    /** preview its tabular files */
    DATASET_VIEWER,
    /** run it as an application */
    APP_RUNTIME,
    /** expose its tools through the MCP gateway */
    MCP_TOOLS,
    /** part of a model tree (base model, fine-tunes, quantizations, adapters) */
    MODEL_TREE
}
