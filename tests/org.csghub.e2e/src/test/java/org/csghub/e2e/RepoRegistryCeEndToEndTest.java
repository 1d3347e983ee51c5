package org.csghub.e2e;

import org.junit.jupiter.api.AfterAll;

/** {@link RepoRegistryEndToEndTest} on CE: PostgreSQL and the S3 store (a real S3Proxy). */
class RepoRegistryCeEndToEndTest extends RepoRegistryEndToEndTest {

    private TestPostgres pg;

    @Override
    Hub launch() throws Exception {
        pg = TestPostgres.create();
        return Hub.ceOnPostgresAndS3(pg, tmp.resolve("ce"), AccessMatrixTest.env());
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        super.stop();
        pg.close();
    }
}
