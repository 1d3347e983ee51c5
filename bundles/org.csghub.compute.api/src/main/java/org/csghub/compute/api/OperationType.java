package org.csghub.compute.api;

import java.util.Locale;

/** What a hardware resource may be used for (the resource selector of the deploy, fine-tune and evaluation forms). */
public enum OperationType {
    DEPLOYMENT, FINETUNE, EVALUATION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static OperationType parse(String value) {
        for (OperationType type : values()) {
            if (type.wireName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("operation type must be one of deployment, finetune, evaluation");
    }
}
