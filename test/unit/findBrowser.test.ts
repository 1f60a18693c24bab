/**
 * Issue 9, part 3: the browser test's finder, every outcome on any machine — a machine where CI installed
 * Chromium cannot show the skip by itself, and one without a browser cannot show the find.
 */
import { findBrowser, usualBrowserLocations, type BrowserSearch } from '../support/findBrowser.js';

const candidates = ['/usr/bin/chromium', '/usr/bin/google-chrome'];

function searchWith(env: BrowserSearch['env'], installed: readonly string[]): BrowserSearch {
  return { env, candidates, exists: (file) => installed.includes(file) };
}

const skipNotice =
  'Skipped test/integration/browser.test.ts: no Chromium or Chrome found. To run it, `apt-get install -y chromium` ' +
  '(or install Chrome), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

function ciFailure(ci: string): string {
  return (
    `No Chromium or Chrome found, and CI=${ci} requires the browser test to run: install one with ` +
    '`apt-get update && apt-get install -y --no-install-recommends chromium` (what .ci/run does), or set ' +
    'CHROMIUM_PATH to one. Looked in: /usr/bin/chromium, /usr/bin/google-chrome.'
  );
}

describe('findBrowser', () => {
  it('finds the first usual location that exists', () => {
    expect(findBrowser(searchWith({}, ['/usr/bin/google-chrome']))).toEqual({
      outcome: 'found',
      executablePath: '/usr/bin/google-chrome',
    });
    expect(findBrowser(searchWith({ CI: 'true' }, [...candidates]))).toEqual({
      outcome: 'found',
      executablePath: '/usr/bin/chromium',
    });
  });

  it('uses CHROMIUM_PATH before the usual locations', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome-for-testing/chrome' };
    expect(findBrowser(searchWith(env, ['/opt/chrome-for-testing/chrome', ...candidates]))).toEqual({
      outcome: 'found',
      executablePath: '/opt/chrome-for-testing/chrome',
    });
  });

  it('fails when CHROMIUM_PATH names no file, even outside CI and with a browser elsewhere', () => {
    expect(findBrowser(searchWith({ CHROMIUM_PATH: '/nowhere/chrome' }, [...candidates]))).toEqual({
      outcome: 'fail',
      message: 'CHROMIUM_PATH is `/nowhere/chrome`, which does not exist: point it at a Chromium or Chrome executable, or unset it.',
    });
  });

  it('skips with a notice saying how to enable the test when there is no browser and no CI', () => {
    expect(findBrowser(searchWith({}, []))).toEqual({ outcome: 'skip', notice: skipNotice });
    expect(findBrowser(searchWith({ CI: 'false' }, []))).toEqual({ outcome: 'skip', notice: skipNotice });
    expect(findBrowser(searchWith({ CI: '' }, []))).toEqual({ outcome: 'skip', notice: skipNotice });
  });

  it('fails, saying how to install a browser, when there is none and CI is set', () => {
    expect(findBrowser(searchWith({ CI: 'true' }, []))).toEqual({ outcome: 'fail', message: ciFailure('true') });
    expect(findBrowser(searchWith({ CI: '1' }, []))).toEqual({ outcome: 'fail', message: ciFailure('1') });
  });
});

describe('usualBrowserLocations', () => {
  it('on Linux, Debian’s chromium first, then the other Chromium and Chrome packages', () => {
    expect(usualBrowserLocations('linux', {})).toEqual([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/opt/google/chrome/chrome',
    ]);
  });

  it('on macOS, the system and the user Applications folders', () => {
    expect(usualBrowserLocations('darwin', { HOME: '/Users/ada' })).toEqual([
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ]);
  });

  it('on Windows, the per-user install, then Program Files', () => {
    expect(usualBrowserLocations('win32', { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' })).toEqual([
      'C:\\Users\\ada\\AppData\\Local\\Chromium\\Application\\chrome.exe',
      'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files\\Chromium\\Application\\chrome.exe',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Chromium\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    ]);
  });
});
