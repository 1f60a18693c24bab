/**
 * `COPY … FROM STDIN` through `pg` without another package: a query object `pg.Client#query` accepts (a
 * "submittable"), which sends the statement, answers the server's CopyInResponse with all rows in one chunk, and
 * settles on ReadyForQuery (or on the first error: a dropped connection sends no ReadyForQuery).
 */
import type pg from 'pg';

/** The parts of pg's connection a COPY needs (pg types it loosely). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A value in COPY's text format: backslash, tab and line breaks escaped. */
export function copyTextField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character]!);
}

class CopyFromText implements pg.Submittable {
  private error: Error | undefined;
  private rowCount = 0;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (error: Error | undefined, rowCount: number) => void,
  ) {}

  submit(connection: pg.Connection): void {
    (connection as unknown as CopyConnection).query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rowCount = Number(message.text.split(' ').at(-1));
  }

  handleError(error: Error): void {
    this.error = error;
    // A dropped connection sends no ReadyForQuery: settle now.
    this.done(error, 0);
  }

  handleReadyForQuery(): void {
    if (this.error === undefined) this.done(undefined, this.rowCount);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `COPY <target> FROM STDIN` with `rows` (each an array of text fields); resolves to the rows copied. */
export function copyFromText(client: pg.PoolClient, target: string, rows: ReadonlyArray<readonly string[]>): Promise<number> {
  const data = Buffer.from(rows.map((row) => `${row.map(copyTextField).join('\t')}\n`).join(''));
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (error: Error | undefined, rowCount: number) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve(rowCount);
      else reject(error);
    };
    void client.query(new CopyFromText(`COPY ${target} FROM STDIN`, data, done));
  });
}
