/**
 * How a batch's rows map back to their callers when the batch is one `INSERT … ON CONFLICT (id) DO NOTHING
 * RETURNING id`: a row the database took comes back in `RETURNING`, a row whose id was already stored does not.
 * An id twice in one batch is settled here, before the database sees it: the first in submit order is written,
 * the later ones are refused as duplicates, so the ids sent are distinct and `RETURNING` names exactly the rows
 * written — whatever order the database inserts them in.
 */
import type { IngestEvent } from './eventStore.js';
import { duplicateIdError } from './eventRejectedError.js';

/** The events to send: the first of each id, in batch order. */
export function firstOfEachId(events: readonly IngestEvent[]): IngestEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
}

/** One outcome per event, in order: `undefined` for the event whose row was written, an error for the others. */
export function outcomesByInsertedIds(
  events: readonly IngestEvent[],
  insertedIds: ReadonlySet<string>,
  table: string,
): Array<undefined | Error> {
  const claimed = new Set<string>();
  return events.map((event) => {
    if (insertedIds.has(event.id) && !claimed.has(event.id)) {
      claimed.add(event.id);
      return undefined;
    }
    return duplicateIdError(event.id, table);
  });
}
