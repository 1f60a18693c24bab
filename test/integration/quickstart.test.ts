// The quickstart says why each batch went out; this runs it and checks what it says against the batcher's rules.
// The reasons do not depend on timing: two full batches take both slots at once, so the next 20 begin while both
// are busy and can only go out when one frees (before or after maxDelayMs, the reason is the same); trickled
// callers come ≥ 1 ms apart, at most 25 a batch, and meet a free slot; close() sends what is queued at once. Only
// how the 25 trickled callers split into batches depends on the clock, so that is not checked.
import { execFile } from 'node:child_process';
import path from 'node:path';

interface BatchLine {
  readonly size: number;
  readonly reason: string;
}

function runQuickstart(): Promise<string> {
  const root = path.join(__dirname, '..', '..');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], { cwd: root, timeout: 20_000 }, (error, stdout, stderr) =>
      error === null ? resolve(stdout) : reject(new Error(`${error.message}\n${stderr}`)),
    );
  });
}

describe('npm run quickstart', () => {
  it('says why each batch went out: two full, one when a slot freed, the trickle on time, the rest on close()', async () => {
    const output = await runQuickstart();
    const batches: BatchLine[] = [...output.matchAll(/batch of +(\d+) \([^)]*\): (.+?) — oldest waited/g)].map(([, size, reason]) => ({
      size: Number(size),
      reason,
    }));
    const [first, second, third, ...rest] = batches;
    const onClose = rest.pop();
    expect([first, second, third]).toEqual([
      { size: 100, reason: 'full (maxSize)' },
      { size: 100, reason: 'full (maxSize)' },
      { size: 20, reason: 'a concurrency slot freed' },
    ]);
    expect(rest.length).toBeGreaterThanOrEqual(2);
    expect(rest.every(({ reason }) => reason === 'maxDelayMs elapsed')).toBe(true);
    expect(rest.reduce((sum, { size }) => sum + size, 0)).toBe(25);
    expect(onClose).toEqual({ size: 5, reason: 'close()' });
    expect(output).toMatch(/submitted: 250,\s+resolved: 250,\s+rejected: 0/);
  });
});
