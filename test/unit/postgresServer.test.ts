/**
 * Issue 12: what the PostgreSQL integration test does on any machine — use DATABASE_URL, start the newest
 * installed server, skip with a notice, or fail under CI — with the environment and the file system injected, so
 * a machine with PostgreSQL can show the skip and one without can show the start.
 */
import { findPostgresBinaries, lookUpPostgres, postgresToolCommand, type BinarySearch } from '../support/postgresServer.js';

const testFile = 'test/integration/postgres-writer.test.ts';
const installed = { binDir: '/usr/lib/postgresql/16/bin' };

function filesWith(versions: Record<string, readonly string[]>): BinarySearch {
  return {
    root: '/usr/lib/postgresql',
    listDir: (folder) => (folder === '/usr/lib/postgresql' ? Object.keys(versions) : []),
    exists: (file) => Object.entries(versions).some(([version, tools]) => tools.some((tool) => file === `/usr/lib/postgresql/${version}/bin/${tool}`)),
  };
}

const skipNotice =
  'Skipped test/integration/postgres-writer.test.ts: no PostgreSQL found. To run it, `apt-get install -y postgresql`, ' +
  'or set DATABASE_URL to a running server.';

function ciFailure(ci: string): string {
  return (
    `No PostgreSQL server found, and CI=${ci} requires test/integration/postgres-writer.test.ts to run: install it with ` +
    '`apt-get install -y postgresql` (what .ci/run does), or set DATABASE_URL to a running server.'
  );
}

describe('lookUpPostgres', () => {
  it('uses DATABASE_URL when it is set, before any installed server and under CI', () => {
    const url = 'postgres://ci@db.internal:5432/test';
    expect(lookUpPostgres(testFile, { DATABASE_URL: url }, () => installed)).toEqual({ outcome: 'use-url', url });
    expect(lookUpPostgres(testFile, { DATABASE_URL: url, CI: 'true' }, () => undefined)).toEqual({ outcome: 'use-url', url });
  });

  it('starts the installed server when there is no DATABASE_URL', () => {
    expect(lookUpPostgres(testFile, {}, () => installed)).toEqual({ outcome: 'start', found: installed });
    expect(lookUpPostgres(testFile, { CI: 'true', DATABASE_URL: '' }, () => installed)).toEqual({ outcome: 'start', found: installed });
  });

  it('skips with a one-line notice saying how to run it, without a server and outside CI', () => {
    for (const env of [{}, { CI: 'false' }, { CI: '' }, { CI: '0' }]) {
      expect(lookUpPostgres(testFile, env, () => undefined)).toEqual({ outcome: 'skip', notice: skipNotice });
    }
    expect(skipNotice).not.toContain('\n');
  });

  it('fails, saying how to install PostgreSQL, without a server under CI', () => {
    expect(lookUpPostgres(testFile, { CI: 'true' }, () => undefined)).toEqual({ outcome: 'fail', message: ciFailure('true') });
    expect(lookUpPostgres(testFile, { CI: '1' }, () => undefined)).toEqual({ outcome: 'fail', message: ciFailure('1') });
  });
});

describe('findPostgresBinaries', () => {
  it('takes the newest version that has initdb and pg_ctl, by number, not by name', () => {
    const files = filesWith({ '9.6': ['initdb', 'pg_ctl'], '15': ['initdb', 'pg_ctl'], '16': ['initdb', 'pg_ctl'] });
    expect(findPostgresBinaries(files)).toEqual({ binDir: '/usr/lib/postgresql/16/bin' });
  });

  it('passes over a version without the server tools (a client-only install) and folders that are not versions', () => {
    const files = filesWith({ '17': ['psql'], '15': ['initdb', 'pg_ctl'], 'lib': ['initdb', 'pg_ctl'] });
    expect(findPostgresBinaries(files)).toEqual({ binDir: '/usr/lib/postgresql/15/bin' });
  });

  it('finds nothing when PostgreSQL is not installed', () => {
    expect(findPostgresBinaries(filesWith({}))).toBeUndefined();
    expect(findPostgresBinaries(filesWith({ '15': ['psql'] }))).toBeUndefined();
  });
});

describe('postgresToolCommand', () => {
  it('runs the tool as the postgres user when this process is root, since initdb and pg_ctl refuse root', () => {
    expect(postgresToolCommand('/usr/lib/postgresql/15/bin', 'initdb', ['-D', '/tmp/x/data'], true)).toEqual([
      'runuser',
      ['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/initdb', '-D', '/tmp/x/data'],
    ]);
  });

  it('runs the tool as it is otherwise', () => {
    expect(postgresToolCommand('/usr/lib/postgresql/15/bin', 'pg_ctl', ['stop'], false)).toEqual(['/usr/lib/postgresql/15/bin/pg_ctl', ['stop']]);
  });
});
