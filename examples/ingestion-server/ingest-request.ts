import { randomUUID } from 'node:crypto';
import type { IngestEvent } from '../events/eventStore.js';

/** A request body that is not `{ "topic": string, "payload": string, "id"?: string }`; answered with 400. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

const EXPECTED_SHAPE = 'Expected a JSON body `{ "topic": string, "payload": string, "id"?: string }`';

/**
 * Reads one event from a request body. A body without an `id` gets a fresh UUID: load generators replay a few
 * bodies many times, and each replay is a new event, not a retry of the last one.
 *
 * @throws InvalidEventError saying which field is wrong.
 */
export function parseIngestEvent(body: unknown): IngestEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidEventError(`${EXPECTED_SHAPE}, got ${Array.isArray(body) ? 'an array' : describe(body)}`);
  }
  const { topic, payload, id } = body as Record<string, unknown>;
  for (const [field, value] of [['topic', topic], ['payload', payload]] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new InvalidEventError(`${EXPECTED_SHAPE}; \`${field}\` is ${value === undefined ? 'missing' : describe(value)}`);
    }
  }
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new InvalidEventError(`${EXPECTED_SHAPE}; \`id\` is ${describe(id)}`);
  return { id: id ?? randomUUID(), topic: topic as string, payload: payload as string };
}

function describe(value: unknown): string {
  return `\`${JSON.stringify(value)}\` (${value === null ? 'null' : typeof value})`;
}
