/**
 * Where Sluice's files are: the configuration directory ({@code application.properties}, {@code domains.yaml},
 * {@code sql/}) and the routes directory ({@link io.sluice.config.SluiceLocations}). A leaf: it imports no other
 * package of Sluice, so commands, the launcher and the Karaf activator all can use it.
 */
package io.sluice.config;
