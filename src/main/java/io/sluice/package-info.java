/**
 * Sluice: an Apache Camel delivery plugin for campaign databases. {@link io.sluice.Sluice} only dispatches
 * the command line; each concern lives in its own package.
 */
package io.sluice;
