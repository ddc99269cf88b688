package org.webtrunk.gateway.proxy;

import org.webtrunk.gateway.proxy.transaction.TimerService;
import org.webtrunk.gateway.proxy.transaction.TransactionTable;

/** What the steps and forwardings share; built once by {@link ProxyCore}. */
record ProxyServices(ProxyConfig config, TransactionTable table, TimerService timers, OutboundFlows outbound,
                     FlowTokens tokens, TargetPlanner planner, TargetListener targetListener, Replies replies,
                     RequestRewriter rewriter, BranchGenerator branches, ProxyMetrics metrics,
                     CallObserver observer) {
}
