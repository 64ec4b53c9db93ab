/**
 * What the routes call to apply flow control: the gate in front of the domain throttle (send now, or park
 * until a slot / the end of a suspension) with the in-memory place it gives back by itself ({@code InMemoryPlace}),
 * the per-window aggregation of results, and the feed of results
 * and windows into the {@link io.sluice.flowcontrol.FlowControlRegistry}.
 */
package io.sluice.flowcontrol.camel;
