/**
 * The message broker: an embedded ActiveMQ Artemis (persistent journal under the data directory, in-VM
 * acceptor only unless a TCP port is configured) when {@code sluice.broker.url} is empty, else an external
 * broker by URL. Exposes one pooled Jakarta JMS connection factory for camel-jms.
 */
package io.sluice.broker;
