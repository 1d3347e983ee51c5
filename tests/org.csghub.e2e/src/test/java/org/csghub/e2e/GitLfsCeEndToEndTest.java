package org.csghub.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link GitLfsEndToEndTest} on CE: PostgreSQL and the S3 store on a real S3Proxy, so LFS objects are stored by
 * minio-java and git-lfs downloads them from presigned S3 URLs.
 */
class GitLfsCeEndToEndTest extends GitLfsEndToEndTest {

    private TestPostgres pg;

    @Override
    Path dataDir() {
        return tmp.resolve("ce");
    }

    @Override
    Hub launch(Map<String, String> env) throws Exception {
        pg = TestPostgres.create();
        return Hub.ceOnPostgresAndS3(pg, tmp.resolve("ce"), env);
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        super.stop();
        pg.close();
    }
}
