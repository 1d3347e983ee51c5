package org.csghub.accounts.api;

/** What a subject wants to do with a resource. Each action needs at least the role of the same name. */
public enum Action {
    READ, WRITE, ADMIN
}
