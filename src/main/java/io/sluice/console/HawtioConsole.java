package io.sluice.console;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Camel service serving the Hawtio console ({@code /hawtio}, with its Jolokia agent at {@code /hawtio/jolokia})
 * from an embedded Tomcat. The war is a resource of the jar, unpacked under {@code <data-dir>/console} at start.
 * Authentication is Hawtio's JAAS login against {@link ConsoleRealm} (standalone) or a realm of the platform
 * (Apache Karaf's {@code karaf}: Karaf's users); it cannot be turned off from Sluice's configuration. A console that
 * cannot be served stops start-up ({@link ConsoleUnavailableException}).
 */
public final class HawtioConsole extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);
    /** The war inside the jar (copied there by the build from io.hawt:hawtio-default). */
    static final String WAR_RESOURCE = "sluice/console/hawtio.war";
    public static final String CONTEXT_PATH = "/hawtio";
    /** The role principal of Apache Karaf's login modules (Karaf's realms, {@code etc/users.properties}). */
    static final String KARAF_ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    private final ConsoleSettings settings;
    private Path war;
    private Tomcat tomcat;
    private int boundPort;

    public HawtioConsole(ConsoleSettings settings) {
        this.settings = settings;
    }

    /**
     * When the console is enabled (its settings validated: an empty password stops start-up with a message
     * saying how to set one), checks that the console can be served (its port is free, its files can
     * be written: else {@link ConsoleUnavailableException}), binds it as {@code sluiceConsole} and adds it as a
     * service. Checked here, while the settings are read, so that a console that cannot work stops Sluice
     * before anything else starts, as a missing password does.
     */
    public static HawtioConsole install(CamelContext context, ConsoleSettings settings) throws Exception {
        if (!settings.enabled()) {
            LOG.info("Console disabled (sluice.console.enabled=false)");
            return null;
        }
        HawtioConsole console = new HawtioConsole(settings);
        console.prepare();
        context.getRegistry().bind("sluiceConsole", console);
        context.addService(console, true, true);
        return console;
    }

    /** The port is free and the war unpacked under the work directory, or a {@link ConsoleUnavailableException}. */
    void prepare() {
        requireFreePort(settings.host(), settings.port());
        Path workDir = settings.workDir();
        try {
            Files.createDirectories(workDir.resolve("tomcat").resolve("webapps"));
            war = unpackWar(workDir.resolve("hawtio-" + warVersion()));
        } catch (IOException e) {
            throw new ConsoleUnavailableException("The console (Hawtio) cannot write its files under " + workDir
                    + " (" + e + "): make it writable, move sluice.data-dir (SLUICE_DATA_DIR), or disable the console"
                    + " with SLUICE_CONSOLE_ENABLED=false", e);
        }
    }

    /** Binds the port once and lets it go: taken, Tomcat would only log it and serve nothing. */
    static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Tomcat does: a port with connections in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConsoleUnavailableException(cannotListen(host, port, e.getMessage()), e);
        }
    }

    private static String cannotListen(String host, int port, String why) {
        return "The console (Hawtio) cannot listen on " + host + ":" + port + " (" + why + "): stop what uses it,"
                + " choose another port with SLUICE_CONSOLE_PORT (address: SLUICE_CONSOLE_HOST), or disable the"
                + " console with SLUICE_CONSOLE_ENABLED=false";
    }

    @Override
    protected void doStart() throws Exception {
        configureHawtio();
        JolokiaAccessPolicy.install(settings.workDir(), settings.host(), settings.port(), settings.allowedOrigins());
        if (settings.ownRealm()) {
            ConsoleRealm.install(settings);
        } // else the platform's JAAS configuration (Karaf's, JVM-wide) answers for its realm: replacing it is not ours

        // Tomcat installs a JVM-wide URL stream handler factory unless told not to; inside Karaf the framework
        // owns that factory ("factory already defined"), and Sluice needs none of Tomcat's war: URLs.
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
        tomcat = new Tomcat();
        // The war's class loader delegates to the one that has Tomcat and the Servlet API: Sluice's (in Karaf the
        // bundle's, which also reaches Karaf's JAAS login module classes; Tomcat's default would be the JVM's).
        tomcat.getServer().setParentClassLoader(HawtioConsole.class.getClassLoader());
        // absolute paths only: Tomcat resolves a relative base against the JVM's directory, a relative app base
        // against the base and a relative war against the app base (data/console/tomcat/data/console/...)
        Path base = settings.workDir().resolve("tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(settings.port());
        connector.setProperty("address", settings.host());
        tomcat.setConnector(connector);
        tomcat.getHost().setAppBase(base.resolve("webapps").toString());

        // Tomcat's default web.xml would add a JSP servlet (Jasper is not here): add its default servlet ourselves.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context hawtio = tomcat.addWebapp(CONTEXT_PATH, war.toString());
        withoutRmiLeakCheck(hawtio);
        // the session cookie never rides a request another site's page makes (CSRF; see JolokiaAccessPolicy)
        Rfc6265CookieProcessor cookies = new Rfc6265CookieProcessor();
        cookies.setSameSiteCookies("strict");
        hawtio.setCookieProcessor(cookies);
        Wrapper files = Tomcat.addServlet(hawtio, "default", "org.apache.catalina.servlets.DefaultServlet");
        files.addInitParameter("listings", "false");
        files.setLoadOnStartup(1);
        hawtio.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(hawtio);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false); // only the war's own WEB-INF/lib, not Sluice's class path
        scanner.setScanManifest(false);
        hawtio.setJarScanner(scanner);
        // the Sluice page (a Hawtio remote plugin): its files from this jar, announced by its MBean
        Wrapper plugin = Tomcat.addServlet(hawtio, "sluice-plugin",
                new PluginFilesServlet(HawtioConsole.class.getClassLoader()));
        plugin.setLoadOnStartup(1);
        hawtio.addServletMappingDecoded(SluicePlugin.FILES_PATH + "/*", "sluice-plugin");
        SluicePlugin.register();

        // "/" sends the browser to the console
        Context root = tomcat.addContext("", null);
        withoutRmiLeakCheck(root);
        Tomcat.addServlet(root, "to-console", new RedirectServlet(CONTEXT_PATH + "/"));
        root.addServletMappingDecoded("/", "to-console");

        tomcat.start();
        // Tomcat logs a connector that could not bind (taken since prepare()) and goes on without it
        LifecycleState listening = connector.getState();
        LifecycleState webapp = hawtio.getState();
        if (listening != LifecycleState.STARTED || webapp != LifecycleState.STARTED) {
            doStop();
            throw new ConsoleUnavailableException(listening != LifecycleState.STARTED
                    ? cannotListen(settings.host(), settings.port(), "connector " + listening)
                    : "The console (Hawtio) web application did not start (" + webapp + "): see Tomcat's log above",
                    null);
        }
        boundPort = connector.getLocalPort();
        LOG.info("Console (Hawtio) on http://{}:{}{}/ ({}, JAAS realm {}, role {})", settings.host(), boundPort,
                CONTEXT_PATH, settings.ownRealm() ? "user '" + settings.user() + "'" : "the realm's users",
                settings.realm(), settings.role());
    }

    /**
     * Tomcat's check for RMI objects a stopped web application left exported needs {@code --add-opens} and warns on
     * every stop without it (each {@code bundle:restart} in Karaf); neither context exports RMI objects.
     */
    private static void withoutRmiLeakCheck(Context context) {
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesRmiTargets(false);
        }
    }

    /** Hawtio reads its configuration from {@code hawtio.*} system properties. */
    private void configureHawtio() {
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.realm", settings.realm());
        System.setProperty("hawtio.roles", settings.role());
        // Hawtio compares the class names of the subject's principals with these
        System.setProperty("hawtio.rolePrincipalClasses",
                settings.ownRealm() ? RolePrincipal.class.getName() : KARAF_ROLE_PRINCIPAL);
        // Not Tomcat's own user database: our JAAS realm is the only source of accounts.
        System.setProperty("hawtio.authenticationContainerDiscoveryClasses", "");
        // Jolokia clients without a session get 401 (not a redirect to the login page).
        System.setProperty("hawtio.noCredentials401", "true");
        // The Jolokia proxy (connecting to other JVMs) is not needed for a console of this JVM.
        System.setProperty("hawtio.disableProxy", "true");
    }

    private static String warVersion() {
        return "4.2.0";
    }

    /** Unpacks the war once per version (a marker file says the unpack completed). */
    static Path unpackWar(Path dir) throws IOException {
        Path marker = dir.resolve(".unpacked");
        if (Files.exists(marker)) {
            return dir;
        }
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        try (InputStream in = HawtioConsole.class.getClassLoader().getResourceAsStream(WAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The console war (" + WAR_RESOURCE + ") is not on the class path:"
                        + " build with 'mvn package', or disable the console with SLUICE_CONSOLE_ENABLED=false");
            }
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    Path target = dir.resolve(e.getName()).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("war entry outside its directory: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (OutputStream out = Files.newOutputStream(target)) {
                            zip.transferTo(out);
                        }
                    }
                }
            }
        }
        Files.writeString(marker, warVersion());
        return dir;
    }

    /** The port the console listens on (the chosen one when configured as 0). */
    public int port() {
        return boundPort;
    }

    /** Base URL of the console, e.g. http://127.0.0.1:8181/hawtio */
    public String url() {
        return "http://" + settings.host() + ":" + boundPort + CONTEXT_PATH;
    }

    @Override
    protected void doStop() throws Exception {
        SluicePlugin.unregister();
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
            tomcat = null;
        }
    }

    private static final class RedirectServlet extends HttpServlet {
        private final String target;

        RedirectServlet(String target) {
            this.target = target;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendRedirect(target);
        }
    }
}
