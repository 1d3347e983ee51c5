package org.csghub.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path tmp;

    @Test
    void environmentVariablesBecomeDottedLowerCaseSettings() {
        assertThat(Settings.fromEnvironment(Map.of("CSGHUB_HTTP_PORT", "9090", "CSGHUB_DB_URL", "jdbc:x",
                "HOME", "/root", "CSGHUB_", "ignored")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("csghub.http.port", "9090", "csghub.db.url", "jdbc:x"));
    }

    @Test
    void laterLayersWinAndReferencesResolve() throws IOException {
        Settings s = new Settings()
                .layer(stream("csghub.data.dir=/srv/hub\ncsghub.conf.dir=${csghub.data.dir}/conf\n"
                        + "csghub.http.port=8080\norg.osgi.service.http.port=${csghub.http.port}\n"
                        + "x=${missing:-fallback}\n"))
                .layer(Map.of("csghub.http.port", "9191"));
        assertThat(s.get("org.osgi.service.http.port")).isEqualTo("9191");
        assertThat(s.get("csghub.conf.dir")).isEqualTo("/srv/hub/conf");
        assertThat(s.get("x")).isEqualTo("fallback");
        assertThat(s.resolved()).containsEntry("csghub.conf.dir", "/srv/hub/conf");
    }

    @Test
    void systemPropertiesOverrideOnlyWhatTheyName() {
        Settings s = new Settings().layer(Map.of("org.osgi.service.http.port", "8080"));
        Properties system = new Properties();
        system.setProperty("org.osgi.service.http.port", "7070");
        system.setProperty("csghub.shell", "true");
        system.setProperty("java.version", "17");
        assertThat(s.overriddenBy(system)).containsOnlyKeys("org.osgi.service.http.port", "csghub.shell");
    }

    @Test
    void theEnvironmentWinsOverConfCsghubPropertiesWhichWinsOverTheEdition() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("bundles"));
        Files.writeString(home.resolve("lib/common.properties"), "csghub.http.port=8080\ncsghub.log.level=INFO\n");
        Files.writeString(home.resolve("lib/edition.properties"),
                "csghub.edition=ce\ncsghub.data.dir=${csghub.home}/data\ncsghub.conf.dir=${csghub.home}/conf\n");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/csghub.properties"), "csghub.http.port=8181\ncsghub.log.level=DEBUG\n");

        Settings s = Main.load(new Edition.Folder(home), Map.of("CSGHUB_HTTP_PORT", "9999"), new Properties());
        assertThat(s.get("csghub.edition")).isEqualTo("ce");
        assertThat(s.get("csghub.http.port")).isEqualTo("9999");
        assertThat(s.get("csghub.log.level")).isEqualTo("DEBUG");
        assertThat(s.get("csghub.data.dir")).isEqualTo(home.resolve("data").toString());
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
