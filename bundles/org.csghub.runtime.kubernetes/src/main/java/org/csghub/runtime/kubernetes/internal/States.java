package org.csghub.runtime.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Observed.Phase;

/**
 * Reads a workload's state from the cached objects: its Deployment (or Knative Service) and its pods. Pure: no
 * client, no remote call.
 */
final class States {

    static final Set<String> IMAGE_PULL = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable");

    private States() {
    }

    /**
     * Something that keeps a workload from running, found on one pod.
     *
     * @param container    the container whose log tells more; {@code null} for none
     * @param previous     whether that log is of the container's previous run
     * @param restartCount the container's restarts, so a cached log tail is of the right run
     * @param logLines     what the container left as its termination message (FallbackToLogsOnError)
     */
    record Failure(Phase phase, String reason, String message, String pod, String podUid, String container,
                   boolean previous, int restartCount, List<String> logLines) {

        String logKey() {
            return podUid + "/" + container + "/" + restartCount + "/" + previous;
        }
    }

    /** The failure on the first pod that has one (pods in name order), or {@code null}. */
    static Failure failure(List<Pod> pods) {
        return pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(States::failure).filter(Objects::nonNull).findFirst().orElse(null);
    }

    static Failure failure(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return null;
        }
        var status = pod.getStatus();
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        for (ContainerStatus s : nullSafe(status.getInitContainerStatuses())) {
            ContainerStateWaiting waiting = s.getState() == null ? null : s.getState().getWaiting();
            ContainerStateTerminated terminated = s.getState() == null ? null : s.getState().getTerminated();
            ContainerStateTerminated last = s.getLastState() == null ? null : s.getLastState().getTerminated();
            if (waiting != null && IMAGE_PULL.contains(waiting.getReason())) {
                return new Failure(Phase.FAILED, "ImagePullBackOff", "Cannot pull the model download image "
                        + image(pod, s) + ": " + orElse(waiting.getMessage(), waiting.getReason()),
                        name, uid, null, false, 0, List.of());
            }
            if (terminated != null && exitCode(terminated) != 0) {
                return new Failure(Phase.FAILED, "ModelDownloadFailed", "The model download failed (exit code "
                        + exitCode(terminated) + ")" + detail(terminated), name, uid, s.getName(), false,
                        restarts(s), lines(terminated.getMessage()));
            }
            if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason()) && last != null) {
                return new Failure(Phase.FAILED, "ModelDownloadFailed", "The model download keeps failing (exit "
                        + "code " + exitCode(last) + ", " + restarts(s) + " attempts)" + detail(last), name, uid,
                        s.getName(), true, restarts(s), lines(last.getMessage()));
            }
        }
        for (PodCondition c : nullSafe(status.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                    && "Unschedulable".equals(c.getReason())) {
                return new Failure(Phase.FAILED, "Unschedulable", "No node can run it: "
                        + orElse(c.getMessage(), "the scheduler gave no reason"), name, uid, null, false, 0, List.of());
            }
        }
        for (ContainerStatus s : nullSafe(status.getContainerStatuses())) {
            ContainerStateWaiting waiting = s.getState() == null ? null : s.getState().getWaiting();
            ContainerStateTerminated terminated = s.getState() == null ? null : s.getState().getTerminated();
            ContainerStateTerminated last = s.getLastState() == null ? null : s.getLastState().getTerminated();
            if (waiting != null && IMAGE_PULL.contains(waiting.getReason())) {
                return new Failure(Phase.FAILED, "ImagePullBackOff", "Cannot pull the engine image " + image(pod, s)
                        + ": " + orElse(waiting.getMessage(), waiting.getReason()), name, uid, null, false, 0,
                        List.of());
            }
            if (waiting != null && ("CreateContainerConfigError".equals(waiting.getReason())
                    || "CreateContainerError".equals(waiting.getReason()))) {
                return new Failure(Phase.FAILED, waiting.getReason(), "The engine container cannot be created: "
                        + orElse(waiting.getMessage(), waiting.getReason()), name, uid, null, false, 0, List.of());
            }
            ContainerStateTerminated died = terminated != null ? terminated : last;
            boolean looping = waiting != null && "CrashLoopBackOff".equals(waiting.getReason());
            if (died != null && "OOMKilled".equals(died.getReason()) && (looping || terminated != null)) {
                return new Failure(Phase.CRASHED, "OOMKilled", "The engine ran out of memory and was killed"
                        + limit(pod) + "; choose a larger memory size", name, uid, s.getName(), terminated == null,
                        restarts(s), lines(died.getMessage()));
            }
            if (looping) {
                return new Failure(Phase.CRASHED, "CrashLoopBackOff", "The engine keeps exiting"
                        + (last != null ? " (exit code " + exitCode(last) + ")" : "") + " and has restarted "
                        + restarts(s) + " times", name, uid, s.getName(), true, restarts(s),
                        last == null ? List.of() : lines(last.getMessage()));
            }
        }
        if ("Failed".equals(status.getPhase())) {
            return new Failure(Phase.FAILED, orElse(status.getReason(), "PodFailed"), "The pod failed: "
                    + orElse(status.getMessage(), orElse(status.getReason(), "no reason given")), name, uid, null,
                    false, 0, List.of());
        }
        return null;
    }

    /**
     * The state of a workload without Knative.
     *
     * @param logs the cached log tail for a failure's {@link Failure#logKey()}; {@code null} when none
     */
    static Observed ofDeployment(Deployment d, List<Pod> pods, String url, Function<Failure, List<String>> logs) {
        int specReplicas = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int replicas = d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
        int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas();
        ready = Math.max(ready, (int) pods.stream().filter(States::ready).count());
        if (ready > 0) {
            return observed(Phase.READY, ready, replicas, url, null, ready + " of " + Math.max(specReplicas, ready)
                    + " replicas ready", List.of());
        }
        List<Pod> live = live(pods);
        if (specReplicas == 0) {
            if (minReplicas(d.getMetadata().getAnnotations()) == 0) {
                return observed(Phase.SCALED_TO_ZERO, 0, replicas, null, null,
                        "Scaled to zero; it starts again when its spec changes or it is scaled up", List.of());
            }
            return observed(Phase.PENDING, 0, replicas, null, null, "Scaled to 0 replicas outside the hub, "
                    + "though it asks for at least " + minReplicas(d.getMetadata().getAnnotations()), List.of());
        }
        return fromPods(live, replicas, logs);
    }

    /** The state of a Knative Service: its Ready condition and its pods. */
    static Observed ofKnative(GenericKubernetesResource ksvc, List<Pod> pods, Function<Failure, List<String>> logs) {
        Map<String, Object> status = map(ksvc.getAdditionalProperties().get("status"));
        String url = status.get("url") instanceof String s ? s : null;
        Map<String, Object> readyCondition = nullSafe(list(status.get("conditions"))).stream()
                .map(States::map).filter(c -> "Ready".equals(c.get("type"))).findFirst().orElse(Map.of());
        List<Pod> live = live(pods);
        int ready = (int) live.stream().filter(States::ready).count();
        if (ready > 0) {
            return observed(Phase.READY, ready, live.size(), url, null, ready + " replicas ready", List.of());
        }
        Observed fromPods = fromPods(live, live.size(), logs);
        if (fromPods.phase() == Phase.FAILED || fromPods.phase() == Phase.CRASHED) {
            return fromPods;
        }
        if ("True".equals(readyCondition.get("status")) && live.isEmpty()) {
            return minReplicas(ksvc.getMetadata().getAnnotations()) == 0
                    ? observed(Phase.SCALED_TO_ZERO, 0, 0, url, null, "Scaled to zero by Knative; the next request "
                    + "starts it", List.of())
                    : observed(Phase.READY, 0, 0, url, null, "Knative reports it ready", List.of());
        }
        if ("False".equals(readyCondition.get("status")) && live.isEmpty()) {
            return observed(Phase.FAILED, String.valueOf(readyCondition.getOrDefault("reason", "NotReady")),
                    0, 0, "Knative: " + readyCondition.getOrDefault("message", "the service is not ready"));
        }
        return fromPods;
    }

    private static Observed fromPods(List<Pod> live, int replicas, Function<Failure, List<String>> logs) {
        Failure f = failure(live);
        if (f != null) {
            // the termination message (FallbackToLogsOnError) first; a fetched log tail where there is none
            List<String> lines = f.logLines();
            if (lines.isEmpty() && f.container() != null) {
                List<String> cached = logs.apply(f);
                lines = cached == null ? List.of() : cached;
            }
            return observed(f.phase(), 0, replicas, null, f.reason(), f.message(), lines);
        }
        if (live.isEmpty()) {
            return observed(Phase.PENDING, 0, replicas, null, null, "Waiting for a pod to be created", List.of());
        }
        Pod pod = live.stream().min(Comparator.comparing(p -> p.getMetadata().getName())).orElseThrow();
        if (live.stream().anyMatch(States::engineRunning)) {
            return observed(Phase.STARTING, 0, replicas, null, null,
                    "The engine is running and loading the model; not ready yet", List.of());
        }
        return observed(Phase.PENDING, 0, replicas, null, null, pendingMessage(pod), List.of());
    }

    private static Observed observed(Phase phase, String reason, int ready, int replicas, String message) {
        return new Observed(phase, ready, replicas, null, reason, message, List.of(), Instant.now());
    }

    private static Observed observed(Phase phase, int ready, int replicas, String url, String reason, String message,
                                     List<String> lines) {
        return new Observed(phase, ready, replicas, url, reason, message, lines, Instant.now());
    }

    /** Why a pod is not running yet, in words. */
    static String pendingMessage(Pod pod) {
        var status = pod.getStatus();
        if (status == null) {
            return "Waiting for the pod to be scheduled";
        }
        boolean scheduled = nullSafe(status.getConditions()).stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!scheduled) {
            return "Waiting for a node (scheduling)";
        }
        for (ContainerStatus s : nullSafe(status.getInitContainerStatuses())) {
            if (s.getState() != null && s.getState().getRunning() != null) {
                return "Downloading the model";
            }
            if (s.getState() != null && s.getState().getWaiting() != null) {
                return "Pulling the model download image " + image(pod, s);
            }
        }
        for (ContainerStatus s : nullSafe(status.getContainerStatuses())) {
            if (s.getState() != null && s.getState().getWaiting() != null) {
                return "Pulling the engine image " + image(pod, s);
            }
        }
        return "Starting the pod";
    }

    static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && nullSafe(pod.getStatus().getConditions()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean engineRunning(Pod pod) {
        return pod.getStatus() != null && nullSafe(pod.getStatus().getContainerStatuses()).stream()
                .anyMatch(s -> Manifests.ENGINE.equals(s.getName()) && s.getState() != null
                        && s.getState().getRunning() != null);
    }

    private static List<Pod> live(List<Pod> pods) {
        return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase())).toList();
    }

    static int minReplicas(Map<String, String> annotations) {
        try {
            return annotations == null ? 1 : Integer.parseInt(annotations.getOrDefault(Manifests.MIN_REPLICAS, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String image(Pod pod, ContainerStatus s) {
        List<Container> all = new java.util.ArrayList<>(nullSafe(pod.getSpec() == null ? null
                : pod.getSpec().getInitContainers()));
        all.addAll(nullSafe(pod.getSpec() == null ? null : pod.getSpec().getContainers()));
        return all.stream().filter(c -> c.getName().equals(s.getName())).map(Container::getImage).findFirst()
                .orElse(s.getImage());
    }

    private static String limit(Pod pod) {
        return nullSafe(pod.getSpec() == null ? null : pod.getSpec().getContainers()).stream()
                .filter(c -> Manifests.ENGINE.equals(c.getName()) && c.getResources() != null
                        && c.getResources().getLimits() != null && c.getResources().getLimits().get("memory") != null)
                .map(c -> " at its limit of " + c.getResources().getLimits().get("memory")).findFirst().orElse("");
    }

    private static String detail(ContainerStateTerminated t) {
        return t.getReason() != null && !"Error".equals(t.getReason()) ? ": " + t.getReason() : "";
    }

    private static int exitCode(ContainerStateTerminated t) {
        return t.getExitCode() == null ? -1 : t.getExitCode();
    }

    private static int restarts(ContainerStatus s) {
        return s.getRestartCount() == null ? 0 : s.getRestartCount();
    }

    /** A termination message as lines, without a trailing empty one. */
    static List<String> lines(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(text.stripTrailing().split("\r?\n"));
    }

    private static String orElse(String s, String other) {
        return s == null || s.isBlank() ? other : s;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
