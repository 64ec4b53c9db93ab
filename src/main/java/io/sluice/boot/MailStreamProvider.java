package io.sluice.boot;

/**
 * Names jakarta.mail's {@code StreamProvider} implementation (system property
 * {@value #PROPERTY}) so that jakarta.mail does not look it up with a {@code ServiceLoader} on every use.
 * <p>
 * Why: jakarta.mail 2.1 calls {@code StreamProvider.provider()} on every {@code MimeBodyPart.writeTo} and
 * {@code MimeUtility.encode}, several times per message sent, and without this property each call scans the
 * class path's {@code META-INF/services} (class-loader locks included). In the runnable jar that was ~6 % of the
 * CPU of {@code bench/throughput}; on the test class path (hundreds of jars) the 16 send threads of
 * {@code TwoInstancesClaimTest} queued on those locks (thread dump: BLOCKED in
 * {@code FactoryFinder.factoryFromServiceLoader}) and the test sent at 5-8 msg/s (docs/benchmarks.md, "Profiled
 * run (stop 3)"). With the property, {@code FactoryFinder} instantiates the named class directly.
 * <p>
 * Set only when the JVM's system class loader itself loads Angus Mail, i.e. a flat class path (the runnable jar,
 * tests), where every thread's context class loader sees it. Never under Karaf/OSGi: there a thread's context class
 * loader may not see the Angus bundle, and jakarta.mail would then fail on the named class instead of falling back
 * to its lookup. A value already set (e.g. {@code -Djakarta.mail.util.StreamProvider=...}) is kept.
 */
final class MailStreamProvider {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private MailStreamProvider() {
    }

    static void nameIfFlatClassPath() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            ClassLoader system = ClassLoader.getSystemClassLoader();
            Class<?> angus = Class.forName(ANGUS, false, system);
            Class<?> api = Class.forName(PROPERTY, false, system);
            if (api.isAssignableFrom(angus) && api == Class.forName(PROPERTY, false, MailStreamProvider.class.getClassLoader())) {
                System.setProperty(PROPERTY, ANGUS);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not a flat class path (OSGi) or another jakarta.mail implementation: leave jakarta.mail's lookup alone
        }
    }
}
