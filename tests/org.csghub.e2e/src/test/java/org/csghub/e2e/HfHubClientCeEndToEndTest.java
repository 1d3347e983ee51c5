package org.csghub.e2e;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link HfHubClientEndToEndTest} on CE: PostgreSQL and the S3 store on a real S3Proxy, so the client's LFS uploads
 * land in S3 and its downloads of LFS files follow the hub's redirect to a presigned S3 URL.
 */
class HfHubClientCeEndToEndTest extends HfHubClientEndToEndTest {

    private TestPostgres pg;

    @Override
    Hub launch(Map<String, String> env) throws Exception {
        pg = TestPostgres.create();
        return Hub.ceOnPostgresAndS3(pg, tmp.resolve("ce"), env);
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        try {
            super.stop();
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }
}
