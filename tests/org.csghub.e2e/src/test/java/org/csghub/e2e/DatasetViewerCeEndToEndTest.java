package org.csghub.e2e;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link DatasetViewerEndToEndTest} on CE: PostgreSQL and the S3 store on a real S3Proxy, so the viewer copies the
 * LFS-stored Parquet file out of S3 before DuckDB reads it.
 */
class DatasetViewerCeEndToEndTest extends DatasetViewerEndToEndTest {

    private TestPostgres pg;

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
