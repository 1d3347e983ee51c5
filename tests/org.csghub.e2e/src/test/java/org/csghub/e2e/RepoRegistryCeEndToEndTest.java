package org.csghub.e2e;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.csghub.testing.s3.S3Proxy;
import org.junit.jupiter.api.AfterAll;

/** {@link RepoRegistryEndToEndTest} on CE: PostgreSQL and the S3 store (a real S3Proxy). */
class RepoRegistryCeEndToEndTest extends RepoRegistryEndToEndTest {

    private TestPostgres pg;

    @Override
    Hub launch() throws Exception {
        pg = TestPostgres.create();
        Map<String, String> env = new HashMap<>(AccessMatrixTest.env());
        env.put("CSGHUB_DB_URL", pg.url());
        env.put("CSGHUB_DB_USER", pg.user());
        env.putAll(S3Proxy.shared().hubEnvironment());
        return Hub.folder(Path.of(System.getProperty("csghub.ce.home")), tmp.resolve("ce"), env).start();
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        super.stop();
        pg.close();
    }
}
