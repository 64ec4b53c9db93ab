package io.sluice.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the Sluice plugin's built files (remoteEntry.js and its chunks) from the class path, so that they come from
 * this jar or bundle, not from the war unpacked once per Hawtio version. Static files: no login needed (the data
 * they show comes through Jolokia, which requires one).
 */
final class PluginFilesServlet extends HttpServlet {

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "json", "application/json;charset=UTF-8",
            "map", "application/json;charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain;charset=UTF-8");

    private final ClassLoader loader;

    PluginFilesServlet(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        // file names only: webpack writes a flat directory; anything else (.., //, %2e) is not one of ours
        if (path == null || !path.matches("/[A-Za-z0-9][A-Za-z0-9._-]*")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String name = path.substring(1);
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        try (InputStream in = type == null ? null : loader.getResourceAsStream(SluicePlugin.FILES_RESOURCE + name)) {
            if (in == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            resp.setContentType(type);
            // a new build after a restart must be loaded, not a cached older one (the files are small)
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }
}
