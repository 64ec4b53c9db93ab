/**
 * {@code java -jar sluice.jar demo}: a demo delivery on embedded defaults (in-memory database) against an
 * in-JVM SMTP simulator whose domains accept, defer, reject or refuse connections; prints progress and a
 * per-domain summary, exits 0 when the delivery is finished.
 */
package io.sluice.demo;
