/**
 * Bootstrap: where configuration and routes are read from, the Camel Main launcher and the beans the
 * routes call ({@link io.sluice.boot.SluiceBeans}).
 */
package io.sluice.boot;
