/**
 * Apache Karaf host: {@link io.sluice.karaf.SluiceActivator} boots the same
 * {@link io.sluice.boot.SluiceLauncher} as the standalone jar when the Sluice bundle starts, with its
 * configuration under {@code ${karaf.etc}/sluice} (defaults copied there by {@link io.sluice.karaf.DefaultConfig}
 * on first start, with a Karaf section: embedded state under Karaf's data directory, the console on Karaf's JAAS realm
 * and port 8183), and stops Camel when the bundle stops. Nothing here runs outside OSGi.
 */
package io.sluice.karaf;
