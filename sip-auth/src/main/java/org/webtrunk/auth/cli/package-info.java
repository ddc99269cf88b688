/**
 * Command-line minting of ephemeral credentials and customer tokens ({@code scripts/mint-credentials.sh},
 * {@code scripts/mint-customer-token.sh}). Only JDK classes and the minting classes: no Caffeine on the class path.
 */
package org.webtrunk.auth.cli;
