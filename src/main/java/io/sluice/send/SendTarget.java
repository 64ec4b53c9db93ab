package io.sluice.send;

/**
 * Where one message goes and which site it counts against.
 *
 * @param endpointUri the camel-mail endpoint ({@code smtp://host:port}, with the TLS-required client
 *                    properties when the domain has {@code requireTls})
 * @param site        the flow-control and throttle key: the MX rollup rule's name, else the sorted MX host set,
 *                    else (relay or transport override) the domain itself
 */
public record SendTarget(String endpointUri, String site) {
}
