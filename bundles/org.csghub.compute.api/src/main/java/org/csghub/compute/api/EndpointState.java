package org.csghub.compute.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an inference endpoint as users know them, with the actions each allows (CSGHub's endpoint
 * settings page).
 */
public enum EndpointState {
    Building, Deploying, Startup, Running, Stopped, Sleeping, BuildingFailed, DeployFailed, RuntimeError, NoAppFile;

    /** What a user can do to an endpoint. */
    public enum Action { STOP, START, UPDATE, DELETE }

    public Set<Action> actions() {
        return switch (this) {
            case Building, Deploying, Startup -> EnumSet.of(Action.STOP);
            case Running -> EnumSet.of(Action.STOP, Action.UPDATE);
            case Stopped -> EnumSet.of(Action.START, Action.UPDATE, Action.DELETE);
            case Sleeping -> EnumSet.of(Action.START, Action.STOP, Action.UPDATE);
            case BuildingFailed, DeployFailed, RuntimeError -> EnumSet.of(Action.START, Action.STOP, Action.DELETE);
            case NoAppFile -> EnumSet.of(Action.DELETE);
        };
    }

    public boolean allows(Action action) {
        return actions().contains(action);
    }

    /** Whether resources (SKU) and engine may change: only while nothing runs. */
    public boolean allowsResourceChange() {
        return this == Stopped || this == BuildingFailed || this == DeployFailed || this == RuntimeError;
    }
}
