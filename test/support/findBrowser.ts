/**
 * Where test/integration/browser.test.ts finds Chromium or Chrome, and what it does without one. A developer's machine
 * without a browser skips that test with a one-line notice saying how to enable it, so `npm test` passes after
 * nothing but `npm ci`; under CI (where `.ci/run` installs Debian's `chromium`) a missing browser fails the run,
 * so a broken install cannot pass as a skip. The search is injectable, so every outcome is tested on any machine.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export type BrowserLookup =
  | { readonly outcome: 'found'; readonly executablePath: string }
  | { readonly outcome: 'skip'; readonly notice: string }
  | { readonly outcome: 'fail'; readonly message: string };

export interface BrowserSearch {
  /** Read for `CHROMIUM_PATH` (a browser to use, searched before anything else) and `CI`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where to look when `CHROMIUM_PATH` is not set, in order of preference. */
  readonly candidates: readonly string[];
  readonly exists: (file: string) => boolean;
}

/** Where Chromium and Chrome install themselves on `platform`, Chromium first. */
export function usualBrowserLocations(platform: NodeJS.Platform, env: BrowserSearch['env']): string[] {
  if (platform === 'darwin') {
    const applications = ['/Applications', ...(env.HOME ? [path.posix.join(env.HOME, 'Applications')] : [])];
    return applications.flatMap((folder) => [
      `${folder}/Chromium.app/Contents/MacOS/Chromium`,
      `${folder}/Google Chrome.app/Contents/MacOS/Google Chrome`,
    ]);
  }
  if (platform === 'win32') {
    const folders = [env.LOCALAPPDATA, env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'];
    return folders
      .filter((folder): folder is string => folder !== undefined)
      .flatMap((folder) => [
        path.win32.join(folder, 'Chromium', 'Application', 'chrome.exe'),
        path.win32.join(folder, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
  ];
}

/** This machine: its environment, its platform's usual locations, its file system. */
export function thisMachine(): BrowserSearch {
  return { env: process.env, candidates: usualBrowserLocations(process.platform, process.env), exists: existsSync };
}

/** `CI=true` (or any value but empty, `false` or `0`, as CI services set it) means the browser test must run. */
function isCI(env: BrowserSearch['env']): boolean {
  return env.CI !== undefined && !['', 'false', '0'].includes(env.CI);
}

export function findBrowser({ env, candidates, exists }: BrowserSearch = thisMachine()): BrowserLookup {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    // Set on purpose, so a wrong path is an error to fix rather than a reason to skip.
    if (exists(chosen)) return { outcome: 'found', executablePath: chosen };
    return {
      outcome: 'fail',
      message: `CHROMIUM_PATH is \`${chosen}\`, which does not exist: point it at a Chromium or Chrome executable, or unset it.`,
    };
  }
  const executablePath = candidates.find((candidate) => exists(candidate));
  if (executablePath !== undefined) return { outcome: 'found', executablePath };
  if (isCI(env)) {
    return {
      outcome: 'fail',
      message:
        `No Chromium or Chrome found, and CI=${env.CI} requires the browser test to run: install one with ` +
        '`apt-get update && apt-get install -y --no-install-recommends chromium` (what .ci/run does), or set ' +
        `CHROMIUM_PATH to one. Looked in: ${candidates.join(', ')}.`,
    };
  }
  return {
    outcome: 'skip',
    notice:
      'Skipped test/integration/browser.test.ts: no Chromium or Chrome found. To run it, `apt-get install -y chromium` ' +
      '(or install Chrome), or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  };
}
