/**
 * Bootstrap: the Camel Main launcher and the beans the routes call ({@link io.sluice.boot.SluiceBeans}). An entry
 * layer with {@code cli}, {@code demo} and {@code karaf}: nothing below imports it (ArchitectureTest); where files
 * are is {@code io.sluice.config}.
 */
package io.sluice.boot;
