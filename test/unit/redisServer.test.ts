/**
 * Issue 12: what the Redis integration test does on any machine — use REDIS_URL, start a redis-server found
 * here, skip with a notice, or fail under CI — decided from injected inputs, so a machine with Redis installed
 * shows the skip and one without shows the start.
 */
import { findRedisServer, lookUpRedis, openTestRedis, redisServerArguments, usualRedisServerLocations } from '../support/redisServer.js';

const testFile = 'test/integration/redis-messages.test.ts';
const installed = () => '/usr/bin/redis-server';
const missing = () => undefined;

const skipNotice =
  'Skipped test/integration/redis-messages.test.ts: no Redis found. To run it, `apt-get install -y redis-server`, ' +
  'or set REDIS_URL to a running server.';

function ciFailure(ci: string): string {
  return (
    `No Redis server found, and CI=${ci} requires test/integration/redis-messages.test.ts to run: install it with ` +
    '`apt-get install -y redis-server` (what .ci/run does), or set REDIS_URL to a running server.'
  );
}

describe('lookUpRedis', () => {
  it('uses REDIS_URL when it is set, whether or not redis-server is installed or CI is set', () => {
    const env = { REDIS_URL: 'redis://10.0.0.5:6379', CI: 'true' };
    expect(lookUpRedis(testFile, env, installed)).toEqual({ outcome: 'use-url', url: 'redis://10.0.0.5:6379' });
    expect(lookUpRedis(testFile, env, missing)).toEqual({ outcome: 'use-url', url: 'redis://10.0.0.5:6379' });
  });

  it('starts the redis-server it found when REDIS_URL is not set or empty', () => {
    expect(lookUpRedis(testFile, {}, installed)).toEqual({ outcome: 'start', found: '/usr/bin/redis-server' });
    expect(lookUpRedis(testFile, { REDIS_URL: '', CI: 'true' }, installed)).toEqual({ outcome: 'start', found: '/usr/bin/redis-server' });
  });

  it('skips with a one-line notice saying how to enable the test when there is no server and no CI', () => {
    for (const env of [{}, { CI: 'false' }, { CI: '' }, { CI: '0' }]) {
      expect(lookUpRedis(testFile, env, missing)).toEqual({ outcome: 'skip', notice: skipNotice });
    }
    expect(skipNotice).not.toContain('\n');
  });

  it('fails, saying how to install Redis, when there is no server and CI is set', () => {
    expect(lookUpRedis(testFile, { CI: 'true' }, missing)).toEqual({ outcome: 'fail', message: ciFailure('true') });
    expect(lookUpRedis(testFile, { CI: '1' }, missing)).toEqual({ outcome: 'fail', message: ciFailure('1') });
  });
});

describe('findRedisServer', () => {
  it('returns the first usual location that exists, Debian’s first', () => {
    expect(usualRedisServerLocations[0]).toBe('/usr/bin/redis-server');
    expect(findRedisServer(usualRedisServerLocations, (file) => file !== '/usr/bin/redis-server')).toBe('/usr/local/bin/redis-server');
    expect(findRedisServer(usualRedisServerLocations, () => true)).toBe('/usr/bin/redis-server');
  });

  it('returns undefined when none exists', () => {
    expect(findRedisServer(usualRedisServerLocations, () => false)).toBeUndefined();
  });
});

describe('redisServerArguments', () => {
  it('listens on loopback only, in the given directory, and persists nothing', () => {
    expect(redisServerArguments(40123, '/tmp/rx-batcher-redis-x')).toEqual([
      '--port', '40123', '--bind', '127.0.0.1', '--dir', '/tmp/rx-batcher-redis-x',
      '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    ]);
  });
});

describe('openTestRedis', () => {
  it('uses the URL as it is, and stopping it leaves the server alone', async () => {
    const redis = await openTestRedis({ outcome: 'use-url', url: 'redis://10.0.0.5:6379' });
    expect(redis.url).toBe('redis://10.0.0.5:6379');
    await expect(redis.stop()).resolves.toBeUndefined();
  });

  it('rejects with the notice or the CI failure, so a test that gets there says why', async () => {
    await expect(openTestRedis({ outcome: 'skip', notice: skipNotice })).rejects.toThrow(skipNotice);
    await expect(openTestRedis({ outcome: 'fail', message: ciFailure('true') })).rejects.toThrow(ciFailure('true'));
  });

  it('rejects, naming the executable, when redis-server cannot be run', async () => {
    await expect(openTestRedis({ outcome: 'start', found: '/nowhere/redis-server' })).rejects.toThrow('spawn /nowhere/redis-server ENOENT');
  });
});
