import { request } from 'node:http';

export interface RecoveryOptions {
  /** The endpoint counts as recovered once a lone request is answered 2xx within this many milliseconds. */
  answerWithinMs: number;
  /** Stop waiting after this long and let the next step run anyway. */
  giveUpAfterMs: number;
}

/**
 * Waits until the endpoint answers a lone request quickly again. A step that overloaded it leaves work queued
 * in the server (requests whose clients gave up are still computed); a refinement step measured on top of that
 * backlog would blame its lower rate for the last step's excess.
 *
 * @returns whether it recovered before `giveUpAfterMs`.
 */
export async function waitForEndpointToRecover(url: string, body: string, { answerWithinMs, giveUpAfterMs }: RecoveryOptions): Promise<boolean> {
  const deadline = performance.now() + giveUpAfterMs;
  while (performance.now() < deadline) {
    const startedAt = performance.now();
    const status = await postOnce(url, body, deadline - startedAt);
    if (status >= 200 && status < 300 && performance.now() - startedAt <= answerWithinMs) return true;
  }
  return false;
}

/** One POST on a fresh connection; resolves with its status, or 0 if it failed or outlived `timeoutMs`. */
function postOnce(url: string, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
    });
    outgoing.setTimeout(Math.max(1, timeoutMs), () => outgoing.destroy());
    outgoing.on('error', () => resolve(0));
    outgoing.end(body);
  });
}
