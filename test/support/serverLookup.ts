/**
 * What an integration test against a real server (PostgreSQL, Redis) does when the server is or is not there,
 * decided the way the browser test decides (findBrowser.ts): a server given by URL is used; else one found on
 * this machine is started by the test itself; else the test is skipped with a one-line notice saying how to
 * install it — except under CI, where `.ci/run` installs every server, so a missing one fails the run.
 * The inputs are injectable, so every outcome is tested on any machine.
 */

export type ServerLookup<Found> =
  | { readonly outcome: 'use-url'; readonly url: string }
  | { readonly outcome: 'start'; readonly found: Found }
  | { readonly outcome: 'skip'; readonly notice: string }
  | { readonly outcome: 'fail'; readonly message: string };

export interface ServerSearch<Found> {
  /** The server's name in messages: `PostgreSQL`, `Redis`. */
  readonly server: string;
  /** The environment variable that names a running server to use instead (`DATABASE_URL`, `REDIS_URL`). */
  readonly urlVariable: string;
  /** The test file, for the notice. */
  readonly testFile: string;
  /** How to install the server, as a command. */
  readonly installCommand: string;
  /** Read for the URL variable and `CI`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Finds what is needed to start the server here (its binaries), or `undefined`. */
  readonly find: () => Found | undefined;
}

/** `CI=true` (or any value but empty, `false` or `0`, as CI services set it) means every integration test must run. */
export function isCI(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.CI !== undefined && !['', 'false', '0'].includes(env.CI);
}

export function lookUpServer<Found>({ server, urlVariable, testFile, installCommand, env, find }: ServerSearch<Found>): ServerLookup<Found> {
  const url = env[urlVariable];
  if (url) return { outcome: 'use-url', url };
  const found = find();
  if (found !== undefined) return { outcome: 'start', found };
  if (isCI(env)) {
    return {
      outcome: 'fail',
      message: `No ${server} server found, and CI=${env.CI} requires ${testFile} to run: install it with \`${installCommand}\` ` +
        `(what .ci/run does), or set ${urlVariable} to a running server.`,
    };
  }
  return {
    outcome: 'skip',
    notice: `Skipped ${testFile}: no ${server} found. To run it, \`${installCommand}\`, or set ${urlVariable} to a running server.`,
  };
}
