package org.csghub.e2e;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.csghub.testing.s3.S3Proxy;
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
        Map<String, String> all = new HashMap<>(env);
        all.put("CSGHUB_DB_URL", pg.url());
        all.put("CSGHUB_DB_USER", pg.user());
        all.putAll(S3Proxy.shared().hubEnvironment());
        return Hub.folder(Path.of(System.getProperty("csghub.ce.home")), tmp.resolve("ce"), all).start();
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        super.stop();
        pg.close();
    }
}
