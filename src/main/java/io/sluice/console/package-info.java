/**
 * The operators' web console: the Hawtio war (Camel plugin, JMX tree with Sluice's flow-control MBeans and the
 * embedded broker) and its Jolokia endpoint, served from this JVM by an embedded Tomcat, behind a JAAS login:
 * standalone against Sluice's own realm, whose only account comes from configuration ({@code sluice.console.user} /
 * {@code sluice.console.password}); in Apache Karaf against Karaf's realm ({@code sluice.console.realm = karaf}).
 */
package io.sluice.console;
