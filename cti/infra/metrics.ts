import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The daemon's Prometheus metrics, in one registry per app instance (tests build several apps). */
export function createMetrics() {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds: Asterisk cuts an ARI websocket that is not read within 100 ms.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    registry,
    callsInProgress: new Gauge({
      name: 'switchboard_calls_in_progress',
      help: 'Calls currently inside the Stasis app',
      registers: [registry],
    }),
    ariConnected: new Gauge({
      name: 'switchboard_ari_connected',
      help: '1 while the ARI event websocket is open',
      registers: [registry],
    }),
    ariReconnects: new Counter({
      name: 'switchboard_ari_reconnects_total',
      help: 'Times the ARI event websocket was re-established after a loss',
      registers: [registry],
    }),
    ariEventSeconds: new Histogram({
      name: 'switchboard_ari_event_handling_seconds',
      help: 'Synchronous time spent dispatching one ARI event',
      labelNames: ['type'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    callsReconciled: new Counter({
      name: 'switchboard_calls_reconciled_total',
      help: 'Channels found in the Stasis app on (re)connect, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
