package org.csghub.repo.git.internal.lfs;

import org.csghub.rest.ByteRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    /** A store holding A (10 bytes, linked to this repository). */
    static final class FakeBackend implements Batch.Backend {
        final Map<String, Long> stored = new HashMap<>(Map.of(A, 10L));
        final Set<String> linked = new java.util.HashSet<>(Set.of(A));
        final List<String> links = new ArrayList<>();

        @Override
        public Optional<Long> storedSize(String oid) {
            return Optional.ofNullable(stored.get(oid));
        }

        @Override
        public boolean linked(String oid) {
            return linked.contains(oid);
        }

        @Override
        public void link(String oid, long size) {
            links.add(oid);
            linked.add(oid);
        }

        @Override
        public Map<String, Batch.Action> uploadActions(String oid, long size) {
            return Map.of("upload", new Batch.Action("https://hub/up/" + oid, Map.of("Authorization", "x"), 60),
                    "verify", new Batch.Action("https://hub/verify/" + oid, null, 60));
        }

        @Override
        public Batch.Action downloadAction(String oid, long size) {
            return new Batch.Action("https://hub/down/" + oid, null, 60);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static Batch.Response answer(String request, FakeBackend backend) throws Exception {
        return Batch.answer(Batch.parse(json(request)), backend);
    }

    @Test
    void uploadsOfStoredObjectsHaveNoActionsButAreLinked() throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.linked.clear();
        Batch.Response r = answer("{'operation':'upload','transfers':['basic'],'objects':[{'oid':'" + A
                + "','size':10},{'oid':'" + B + "','size':3}],'hash_algo':'sha256'}", backend);
        assertThat(r.transfer()).isEqualTo("basic");
        assertThat(r.hashAlgo()).isEqualTo("sha256");
        assertThat(r.objects().get(0).actions()).isNull();
        assertThat(r.objects().get(0).error()).isNull();
        assertThat(backend.links).containsExactly(A);
        assertThat(r.objects().get(1).actions()).containsKeys("upload", "verify");
        assertThat(r.objects().get(1).authenticated()).isTrue();
    }

    @Test
    void aStoredObjectOfAnotherSizeIsUploadedAgain() throws Exception {
        Batch.Response r = answer("{'operation':'upload','objects':[{'oid':'" + A + "','size':11}]}",
                new FakeBackend());
        assertThat(r.objects().get(0).actions()).containsKey("upload");
    }

    @Test
    void downloadsNeedAStoredLinkedObject() throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.stored.put(B, 3L); // stored for another repository only
        Batch.Response r = answer("{'operation':'download','objects':[{'oid':'" + A + "','size':10},{'oid':'" + B
                + "','size':3},{'oid':'" + "c".repeat(64) + "','size':1},{'oid':'" + A + "','size':9}]}", backend);
        assertThat(r.objects().get(0).actions().get("download").href()).isEqualTo("https://hub/down/" + A);
        assertThat(r.objects().get(1).error().code()).isEqualTo(404);
        assertThat(r.objects().get(2).error().code()).isEqualTo(404);
        assertThat(r.objects().get(3).error().code()).isEqualTo(422);
    }

    @Test
    void invalidObjectsGetPerObjectErrors() throws Exception {
        Batch.Response r = answer("{'operation':'download','objects':[{'oid':'xyz','size':1},{'oid':'" + A
                + "','size':-1},{'oid':'" + A.toUpperCase() + "','size':10}]}", new FakeBackend());
        assertThat(r.objects()).allSatisfy(o -> assertThat(o.error().code()).isEqualTo(422));
    }

    @Test
    void huggingFaceJsHashAlgoIsAcceptedButNeverEchoed() throws Exception {
        Batch.Response r = answer("{'operation':'upload','hash_algo':'sha_256','transfers':['basic','multipart','xet'],"
                + "'objects':[{'oid':'" + B + "','size':3}]}", new FakeBackend());
        assertThat(r.hashAlgo()).isEqualTo("sha256");
        String body = JSON.writeValueAsString(r);
        assertThat(body).doesNotContain("sha_256").contains("\"expires_in\":60").doesNotContain("\"error\"");
    }

    @Test
    void wholeRequestErrors() {
        assertThatThrownBy(() -> Batch.parse(json("{'operation':'delete','objects':[]}")))
                .isInstanceOfSatisfying(LfsError.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> Batch.parse(json("{'operation':'upload','hash_algo':'sha512','objects':[]}")))
                .isInstanceOfSatisfying(LfsError.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> Batch.parse(json("{'operation':'upload','transfers':['ssh'],'objects':[]}")))
                .isInstanceOfSatisfying(LfsError.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> Batch.parse(json("{'operation':'upload'}")))
                .isInstanceOfSatisfying(LfsError.class, e -> assertThat(e.status()).isEqualTo(422));
        StringBuilder many = new StringBuilder("{'operation':'upload','objects':[");
        for (int i = 0; i <= Batch.MAX_OBJECTS; i++) {
            many.append(i == 0 ? "" : ",").append("{'oid':'").append(A).append("','size':1}");
        }
        assertThatThrownBy(() -> Batch.parse(json(many + "]}")))
                .isInstanceOfSatisfying(LfsError.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void refAndMissingHashAlgoAreFine() throws Exception {
        Batch.Request r = Batch.parse(json("{'operation':'download','ref':{'name':'refs/heads/main'},'objects':[]}"));
        assertThat(r.ref()).isEqualTo("refs/heads/main");
        assertThat(Batch.parse(json("{'operation':'download','ref':null,'objects':[]}")).ref()).isNull();
    }

    @Test
    void rangesAsGitLfsResumesThem() {
        assertThat(ByteRange.parse(null, 100)).isNull();
        assertThat(ByteRange.parse("bytes=10-99", 100)).isEqualTo(new ByteRange(10, 99));
        assertThat(ByteRange.parse("bytes=10-", 100)).isEqualTo(new ByteRange(10, 99));
        assertThat(ByteRange.parse("bytes=10-500", 100)).isEqualTo(new ByteRange(10, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=100-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=5-4", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
        assertThat(ByteRange.parse("items=0-1", 100)).isNull();
    }
}
