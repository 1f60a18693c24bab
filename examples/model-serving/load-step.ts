import autocannon from 'autocannon';
import { latencyPercentiles, type LatencyPercentiles } from './latency-percentiles.js';

/** What one step at a fixed offered rate measured. */
export interface LoadStepResult {
  /** Requests per second the generator was asked to send. */
  offeredRate: number;
  /** Requests per second that got a 2xx answer within the client timeout, over the time the step took to send. */
  achievedRate: number;
  /**
   * Requests per second the generator actually sent: all of the step's requests over the time it took to send
   * them. Below `offeredRate` when the generator (or a server too slow to free its connections) fell behind.
   */
  sentRate: number;
  succeeded: number;
  /** Answers other than 2xx (400, 503, 500...). */
  non2xx: number;
  /** Requests with no answer within the client timeout (answered late, or never). */
  timeouts: number;
  /** Connection errors other than timeouts. */
  connectionErrors: number;
  /** Failed requests (non-2xx, timeouts, connection errors) over all that finished. */
  failureRatio: number;
  /** Over every finished request; a timed-out one counts as the client timeout, as a user would feel it. */
  latencyMs: LatencyPercentiles;
}

export interface LoadStepOptions {
  url: string;
  offeredRate: number;
  durationSeconds: number;
  clientTimeoutSeconds: number;
  /** JSON bodies handed round-robin to the connections. */
  bodies: readonly string[];
  /** Running totals, updated as answers come in, for a progress display. */
  live?: { succeeded: number; failed: number };
}

// autocannon limits rate per connection by letting it send its quota at the start of every second.
// One request per second per connection, with the connections split into waves started evenly
// through the second, turns that into a steady open-loop stream: a slow answer delays nobody else's
// request, so the offered rate holds however badly the server copes (up to the 1 s client timeout).
const MAX_WAVES = 50;

// autocannon's own timeout re-arms on every request, and with one request a second and a 1 s timeout
// it races the rate limiter's 1 s tick and "times out" idle connections. So autocannon gets a longer
// timeout (to reclaim truly stuck connections) and the client timeout is applied here: an answer
// slower than it counts as a timeout, as it would for a client that had given up.
const AUTOCANNON_TIMEOUT_MARGIN_SECONDS = 1;

/**
 * Offers `offeredRate` requests per second to one endpoint for `durationSeconds`, open-loop, using
 * autocannon's programmatic API, and measures what came back.
 */
export async function runLoadStep(options: LoadStepOptions): Promise<LoadStepResult> {
  const { url, offeredRate, durationSeconds, clientTimeoutSeconds, bodies, live } = options;
  const waveCount = Math.min(offeredRate, MAX_WAVES);
  const clientTimeoutMs = clientTimeoutSeconds * 1000;
  const latenciesMs: number[] = [];
  let succeeded = 0;
  let non2xx = 0;
  let timeouts = 0;
  let connectionErrors = 0;
  let nextBody = 0;
  let sent = 0;
  let lastSentAt = 0;
  const startedAt = performance.now();

  const runWave = (connections: number) =>
    new Promise<void>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          connections,
          overallRate: connections,
          // A request count rather than a duration: each connection sends exactly one request per
          // second for the step, so the offered total is exact and the achieved rate is not inflated
          // by a request squeezed in at the boundary.
          amount: connections * durationSeconds,
          timeout: clientTimeoutSeconds + AUTOCANNON_TIMEOUT_MARGIN_SECONDS,
          // We compute percentiles ourselves from every answer; autocannon's coordinated-omission
          // correction assumes closed-loop pacing we do not use.
          ignoreCoordinatedOmission: true,
          setupClient: (client) => {
            client.setBody(bodies[nextBody++ % bodies.length]);
            // The client emits 'request' as it writes each request; autocannon's types list only some events.
            const events: NodeJS.EventEmitter = client;
            events.on('request', () => {
              sent++;
              lastSentAt = performance.now();
            });
          },
        },
        (error) => (error ? reject(error) : resolve()),
      );
      instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
        if (responseTimeMs > clientTimeoutMs) {
          timeouts++;
          latenciesMs.push(clientTimeoutMs);
          if (live) live.failed++;
          return;
        }
        latenciesMs.push(responseTimeMs);
        if (statusCode >= 200 && statusCode < 300) {
          succeeded++;
          if (live) live.succeeded++;
        } else {
          non2xx++;
          if (live) live.failed++;
        }
      });
      instance.on('reqError', (error: Error) => {
        if (error.message === 'request timed out') {
          timeouts++;
          latenciesMs.push(clientTimeoutMs);
        } else {
          connectionErrors++;
        }
        if (live) live.failed++;
      });
    });

  const waves: Promise<void>[] = [];
  for (let wave = 0; wave < waveCount; wave++) {
    const connections = Math.floor(offeredRate / waveCount) + (wave < offeredRate % waveCount ? 1 : 0);
    const startDelayMs = (wave * 1000) / waveCount;
    waves.push(new Promise<void>((resolve) => setTimeout(resolve, startDelayMs)).then(() => runWave(connections)));
  }
  await Promise.all(waves);

  const failed = non2xx + timeouts + connectionErrors;
  const finished = succeeded + failed;
  // On schedule, the last wave sends its last request 1/waveCount s before the step's end; later means behind.
  const sendingSeconds = Math.max(durationSeconds, (lastSentAt - startedAt) / 1000 + 1 / waveCount);
  return {
    offeredRate,
    achievedRate: succeeded / sendingSeconds,
    sentRate: sent / sendingSeconds,
    succeeded,
    non2xx,
    timeouts,
    connectionErrors,
    failureRatio: finished === 0 ? 0 : failed / finished,
    latencyMs: latencyPercentiles(latenciesMs),
  };
}
