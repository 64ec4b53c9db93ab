/**
 * The data of the console's Sluice page ({@code sluice:type=Console}): every site in one sorted, filtered, paged
 * table answered from memory and one GROUP BY, the site actions, the deliveries, a site's timeline and the sender.
 * The page (src/main/console) reads it through Jolokia; nothing here renders HTML.
 */
package io.sluice.dashboard;
