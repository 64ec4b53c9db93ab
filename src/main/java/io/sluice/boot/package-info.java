/**
 * Bootstrap: the Camel Main launcher and the beans the routes call ({@link io.sluice.boot.SluiceBeans}, which calls
 * one configuration class per concern in order: DatabaseWiring, ClaimWiring, RoutingWiring, BrokerWiring,
 * FlowControlWiring, LifecycleWiring, ObservabilityWiring, SmtpWiring; each reads its {@code sluice.*} settings
 * through {@code Wiring}, without defaults: those are in {@code config/application.properties}). An entry
 * layer with {@code cli}, {@code demo} and {@code karaf}: nothing below imports it (ArchitectureTest); where files
 * are is {@code io.sluice.config}.
 */
package io.sluice.boot;
