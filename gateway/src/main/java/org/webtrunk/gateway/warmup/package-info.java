/** The start-up warm-up: synthetic callers and a trunk drive a private gateway before the real one opens. */
package org.webtrunk.gateway.warmup;
