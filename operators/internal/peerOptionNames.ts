/**
 * Options of the batchers people come from, and what to use here instead: an unknown option that is one of these
 * is almost always a port from that library, so the error says what the option is called here, or why there is none.
 */
interface PeerOption {
  /** The library the name comes from. */
  readonly library: string;
  /** What to do instead, as the rest of a sentence. */
  readonly advice: string;
  /** The option the advice names, where only some of rx-batcher's functions have it. */
  readonly needs?: string;
}

const noCache =
  'rx-batcher does not cache: every request reaches the batch function, so put your own cache in front of the batcher to reuse results';

const peerOptions: Readonly<Record<string, PeerOption>> = {
  maxBatchSize: { library: 'dataloader', advice: 'use `maxSize`' },
  batchScheduleFn: {
    library: 'dataloader',
    advice: 'use `maxDelayMs` for how long a batch may wait (`0`: what this tick submits, as dataloader does by default), ' +
      'or `scheduler` to run its timers on another clock',
  },
  batch: { library: 'dataloader', advice: 'use `maxSize: 1` to send each request on its own' },
  cache: { library: 'dataloader', advice: noCache },
  cacheMap: { library: 'dataloader', advice: noCache },
  cacheKeyFn: {
    library: 'dataloader',
    advice: 'rx-batcher does not cache, so it has no cache key; to find each request in a `Map` the batch function returns, use `key`',
  },
  max_batch_size: { library: 'async-batcher', advice: 'use `maxSize`' },
  max_queue_time: { library: 'async-batcher', advice: 'use `maxDelayMs`, in milliseconds rather than seconds' },
  max_queue_size: { library: 'async-batcher', advice: 'use `maxQueueSize`', needs: 'maxQueueSize' },
};

/** The message for an unknown option: advice first when `name` is a peer library's, then the options there are. */
export function unknownOptionMessage(name: string, allowed: readonly string[]): string {
  const list = allowed.map((n) => `\`${n}\``).join(', ');
  const peer = Object.hasOwn(peerOptions, name) ? peerOptions[name] : undefined;
  if (peer === undefined || (peer.needs !== undefined && !allowed.includes(peer.needs))) {
    return `Unknown option \`${name}\`; the options are ${list}`;
  }
  return `Unknown option \`${name}\` (from ${peer.library}): ${peer.advice}. The options are ${list}`;
}
