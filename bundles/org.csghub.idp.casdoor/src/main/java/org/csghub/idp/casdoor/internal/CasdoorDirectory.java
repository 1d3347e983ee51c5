package org.csghub.idp.casdoor.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.Map;
import org.casbin.casdoor.config.Config;
import org.casbin.casdoor.service.Service;
import org.casbin.casdoor.util.http.CasdoorResponse;

/**
 * Casdoor's {@code GET /api/get-user?id=<organization>/<name>} through the SDK's HTTP client (OkHttp, HTTP Basic
 * with the application's client id and secret) and its JSON mapper, bound to {@link CasdoorAccount} because the
 * SDK's {@code UserService.getUser} drops the user's groups.
 */
final class CasdoorDirectory extends Service {

    CasdoorDirectory(Config config) {
        super(config);
    }

    /**
     * @return the account, or {@code null} when Casdoor knows no such user
     * @throws IOException when Casdoor cannot be reached or refuses (the SDK throws for {@code status != ok})
     */
    CasdoorAccount account(String organization, String name) throws IOException {
        CasdoorResponse<CasdoorAccount, Object> answer = doGet("get-user", Map.of("id", organization + "/" + name),
                new TypeReference<CasdoorResponse<CasdoorAccount, Object>>() { });
        return answer.getData();
    }
}
