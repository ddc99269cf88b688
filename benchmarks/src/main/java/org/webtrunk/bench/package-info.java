/** JMH benchmarks for WebTrunk modules; results and commands are recorded in BENCHMARKS.md. */
package org.webtrunk.bench;
