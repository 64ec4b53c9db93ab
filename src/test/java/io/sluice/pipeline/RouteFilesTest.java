package io.sluice.pipeline;

import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The app runs the route files of routes/ — the real YAML and XML files users edit, not copies. */
class RouteFilesTest {

    @Test
    void shouldLoadYamlAndXmlRoutesFromTheRoutesDirectory() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded");
             SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).start()) {
            Route yaml = app.context().getRoute("claim-pending");
            Route xml = app.context().getRoute("write-batch");
            String routes = Path.of("routes").toAbsolutePath().toString();
            assertThat(yaml.getSourceResource().getLocation()).isEqualTo("file:" + routes + "/claim.camel.yaml");
            assertThat(xml.getSourceResource().getLocation()).isEqualTo("file:" + routes + "/results.xml");
            assertThat(app.context().getRoutes()).extracting(Route::getRouteId).contains("deliver-message",
                    "render-message", "delivery-lifecycle", "result-stream", "write-results", "policy-reload");
            assertThat(app.context().getRouteController().getRouteStatus("claim-pending").isStarted()).isTrue();
        }
    }
}
