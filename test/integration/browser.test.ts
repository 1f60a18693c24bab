/**
 * Issue 3, part 5: the ESM build runs in a real browser. Headless Chromium loads `dist/esm` and RxJS's ESM build
 * through an import map, with no bundler and no Node globals, and batches requests through `createBatcher` and
 * `batchRequests`; any Node-only API in the core would fail to load or throw here.
 *
 * It tests the build, which `npm test` makes before running jest. It runs where a Chromium or Chrome is found
 * (test/support/findBrowser.ts: `CHROMIUM_PATH`, then the usual locations); without one it is skipped with a
 * notice saying how to enable it, except under `CI=true`, where a missing browser fails it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findBrowser } from '../support/findBrowser.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';

const browserLookup = findBrowser();
const repository = path.resolve(__dirname, '..', '..');
const esmBuild = path.join(repository, 'dist', 'esm');
// RxJS's `es2015` build: ES modules in modern syntax (`dist/esm5` is the same modules down-levelled to ES5).
// Found the way Node finds them, so a nested or hoisted install both work.
const rxjsFolder = path.dirname(require.resolve('rxjs/package.json'));
const rxjsEsmBuild = path.join(rxjsFolder, 'dist', 'esm');
const tslibFolder = path.dirname(require.resolve('tslib/package.json', { paths: [rxjsFolder] }));

const requests = 1_000;
const maxSize = 64;

interface BatchingRun {
  readonly answers: number[];
  readonly batchSizes: number[];
}

interface PageResult {
  readonly error?: string;
  readonly batcher: BatchingRun & {
    readonly everySignalIsAnAbortSignal: boolean;
    readonly stats: { queued: number; inFlight: number; submitted: number; resolved: number; rejected: number; batches: number };
  };
  readonly stream: BatchingRun;
}

/** The newest modification time of any `.ts` file under `folder`, to tell whether the build is out of date. */
function newestSourceTime(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => statSync(path.join(folder, file)).mtimeMs),
  );
}

/** The browser to launch; throws when there is none (under CI) or when the build is missing or stale. */
function browserToLaunch(): string {
  if (browserLookup.outcome !== 'found') {
    throw new Error(browserLookup.outcome === 'fail' ? browserLookup.message : browserLookup.notice);
  }
  const builtEntry = path.join(esmBuild, 'src', 'index.js');
  if (!existsSync(builtEntry)) throw new Error(`${builtEntry} is missing: run \`npm run build\` first.`);
  const builtAt = statSync(builtEntry).mtimeMs;
  const sourcesChangedAt = Math.max(newestSourceTime(path.join(repository, 'src')), newestSourceTime(path.join(repository, 'operators')));
  if (sourcesChangedAt > builtAt) {
    throw new Error('dist/esm is older than src/ or operators/, so this would test stale code: run `npm run build` first.');
  }
  return browserLookup.executablePath;
}

// One line on stderr rather than console.log, which jest decorates with a stack frame.
if (browserLookup.outcome === 'skip') process.stderr.write(`${browserLookup.notice}\n`);
const describeInBrowser = browserLookup.outcome === 'skip' ? describe.skip : describe;

describeInBrowser('the ESM build in headless Chromium', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = browserToLaunch();
    server = await startStaticServer([
      { urlPrefix: '/rx-batcher/', folder: esmBuild },
      { urlPrefix: '/rxjs/', folder: rxjsEsmBuild },
      { urlPrefix: '/tslib/', folder: tslibFolder },
      { urlPrefix: '/', folder: path.join(__dirname, 'browser-page') },
    ]);
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('batches requests through createBatcher and batchRequests, every answer right', async () => {
    await page.goto(`${server!.origin}/index.html?requests=${requests}&maxSize=${maxSize}`);
    const handle = await page
      .waitForFunction(() => (window as unknown as { result?: unknown }).result, undefined, { timeout: 10_000 })
      .catch((error: unknown) => {
        throw new Error(
          `The page set no result: ${String(error)}\npage errors: ${pageErrors.join('\n') || 'none'}\n` +
            `not found: ${server!.notFound.join(', ') || 'none'}`,
        );
      });
    const result = (await handle.jsonValue()) as PageResult;

    expect(result.error).toBeUndefined();
    expect(pageErrors).toEqual([]);
    expect(server!.notFound).toEqual([]);

    const squares = Array.from({ length: requests }, (_, n) => n * n);
    const fullBatches = Math.floor(requests / maxSize);
    const expectedBatchSizes = [...Array<number>(fullBatches).fill(maxSize), requests - fullBatches * maxSize];

    expect(result.batcher.answers).toEqual(squares);
    expect(result.batcher.batchSizes).toEqual(expectedBatchSizes);
    expect(result.batcher.everySignalIsAnAbortSignal).toBe(true);
    // Only the counters this run pins down; the stats object may grow more.
    expect(result.batcher.stats).toMatchObject({
      queued: 0,
      inFlight: 0,
      submitted: requests,
      resolved: requests,
      rejected: 0,
      batches: Math.ceil(requests / maxSize),
    });

    expect(result.stream.answers).toEqual(squares);
    expect(result.stream.batchSizes).toEqual(expectedBatchSizes);
  });
});
