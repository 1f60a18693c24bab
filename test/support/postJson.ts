import { request } from 'node:http';

/** What a server answered: the status, its `Retry-After` header, and the JSON body. */
export interface HttpAnswer<Body> {
  status: number;
  retryAfter: string | undefined;
  body: Body;
}

// Bounded: a request the server never answers fails the test in 10 s instead of hanging it.
const ANSWER_TIMEOUT_MS = 10_000;

/** POSTs a JSON body on a fresh connection (no keep-alive agent, so nothing outlives the test). */
export function postJson<Body>(url: string, body: string): Promise<HttpAnswer<Body>> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => {
        const retryAfter = incoming.headers['retry-after'];
        resolve({ status: incoming.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, body: JSON.parse(text) as Body });
      });
    });
    outgoing.setTimeout(ANSWER_TIMEOUT_MS, () => outgoing.destroy(new Error(`No answer from ${url} within ${ANSWER_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
