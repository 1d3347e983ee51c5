package org.csghub.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.inference.api.Routable;
import org.junit.jupiter.api.Test;

class DirectoryTest {

    private final List<Subject> asked = new ArrayList<>();
    /** The owner reads (scopes capped as the real service does), everyone else sees nothing. */
    private final Permissions permissions = new Permissions() {
        @Override
        public Role role(Subject subject, ResourceRef resource) {
            asked.add(subject);
            boolean owner = resource.namespace().equals(subject.username());
            return owner && Scope.permits(subject.scopes(), org.csghub.accounts.api.Action.READ) ? Role.ADMIN
                    : Role.NONE;
        }

        @Override
        public void require(Subject subject, org.csghub.accounts.api.Action action, ResourceRef resource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Role organizationRole(Subject subject, String organization) {
            return Role.NONE;
        }
    };
    private final Directory directory = new Directory(null, permissions, null, null, null);

    @Test
    void aRepositoryServedTwiceIsAlsoNamedPerWorkloadAndThePlainNamePicksTheOldest() {
        List<Routable> models = Directory.models(List.of(endpoint(1, "alice", "a", "x", "ep-1", false),
                endpoint(2, "alice", "b", "y", "ep-2", false), endpoint(3, "bob", "a", "x", "ep-3", true)),
                e -> "http://h/" + e.workload + "/v1");
        assertThat(models).extracting(Routable::model).containsExactly("a/x", "a/x:ep-1", "a/x:ep-3", "b/y");
        assertThat(models.get(0).id()).isEqualTo(1);
        assertThat(models.get(2).openaiBaseUrl()).isEqualTo("http://h/ep-3/v1");
        assertThat(models.get(2).servedModel()).isEqualTo("a/x");
        assertThat(models.get(2).owner()).isEqualTo("bob");
        assertThat(models.get(2).privateEndpoint()).isTrue();
    }

    @Test
    void publicEndpointsAreForEveryKeyPrivateOnesForReadersEvenWithAnInferenceOnlyKey() {
        Subject aliceKey = new Subject(7, "alice", null, false, Set.of(Scope.INFERENCE), 1L, null, null);
        Subject bobKey = new Subject(8, "bob", null, false, Set.of(Scope.INFERENCE), 2L, null, null);
        EndpointRecord open = endpoint(1, "alice", "a", "x", "ep-1", false);
        EndpointRecord closed = endpoint(2, "alice", "a", "y", "ep-2", true);
        assertThat(directory.allowed(open, bobKey)).isTrue();
        assertThat(directory.allowed(open, Subject.anonymous(null, null))).isFalse();
        assertThat(directory.allowed(closed, aliceKey)).isTrue();
        assertThat(asked.get(0).scopes()).containsExactly(Scope.READ);
        assertThat(asked.get(0).userId()).isEqualTo(7);
        assertThat(directory.allowed(closed, bobKey)).isFalse();
    }

    private static EndpointRecord endpoint(long id, String owner, String ns, String name, String workload,
                                           boolean privateEndpoint) {
        EndpointRecord e = new EndpointRecord();
        e.id = id;
        e.ownerName = owner;
        e.repoNamespace = ns;
        e.repoName = name;
        e.workload = workload;
        e.engine = "llama-cpp";
        e.state = "Running";
        e.url = "http://127.0.0.1:1000" + id;
        e.privateEndpoint = privateEndpoint;
        return e;
    }
}
