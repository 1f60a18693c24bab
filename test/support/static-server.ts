import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A URL prefix served from a folder on disk, e.g. `/rxjs/` from `node_modules/rxjs/dist/esm`. */
export interface Mount {
  readonly urlPrefix: string;
  readonly folder: string;
}

/** A running server; `notFound` lists the paths it could not serve, to explain a page that failed to load. */
export interface StaticServer {
  readonly origin: string;
  readonly notFound: readonly string[];
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves files over `node:http` on an ephemeral port of 127.0.0.1, so a real browser can load ES modules from
 * the build. A path without an extension is tried as `<path>.js`, then `<path>/index.js`: RxJS's ESM build
 * imports its own files without extensions, which bundlers resolve, and browsers do not.
 *
 * @param mounts URL prefixes and their folders; the longest matching prefix wins.
 * @returns The server, once it listens.
 */
export async function startStaticServer(mounts: readonly Mount[]): Promise<StaticServer> {
  const notFound: string[] = [];
  const byLongestPrefix = [...mounts].sort((a, b) => b.urlPrefix.length - a.urlPrefix.length);

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = await findFile(byLongestPrefix, urlPath);
    if (file === undefined) {
      notFound.push(urlPath);
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${urlPath}`);
      return;
    }
    const body = await readFile(file);
    const contentType = contentTypes[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
  };
  // A failed read (or a malformed URL) answers 500 instead of becoming an unhandled rejection in the test run.
  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`server error: ${String(error)}`);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    notFound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The browser keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function findFile(mounts: readonly Mount[], urlPath: string): Promise<string | undefined> {
  const mount = mounts.find(({ urlPrefix }) => urlPath.startsWith(urlPrefix));
  if (mount === undefined) return undefined;
  const root = path.resolve(mount.folder);
  const requested = path.resolve(root, `.${path.sep}${urlPath.slice(mount.urlPrefix.length)}`);
  // Refuses `..` that would leave the mounted folder.
  if (requested !== root && !requested.startsWith(root + path.sep)) return undefined;
  const candidates = path.extname(requested) === '' ? [requested, `${requested}.js`, path.join(requested, 'index.js')] : [requested];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}
