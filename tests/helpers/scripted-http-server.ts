import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers each (path, `page` cursor) with
 * scripted responses in order, repeating the last one, and records every request so a
 * test can assert what the client sent. Anything unscripted gets a 404.
 */
export interface ScriptedResponse {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export class ScriptedHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private server: Server | undefined;

  /** Scripts the answers to GET `path` with the given `page` cursor (undefined: the first page). */
  respond(path: string, cursor: string | undefined, ...responses: ScriptedResponse[]): void {
    this.scripts.set(routeOf(path, cursor), [...responses]);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
      });
      const queue = this.scripts.get(routeOf(url.pathname, url.searchParams.get('page') ?? undefined));
      const response = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      const { status, body, headers } = response ?? { status: 404, body: '{"error":"not scripted"}' };
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    // fetch keeps connections alive; close them or `close` waits for their timeout.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

const routeOf = (path: string, cursor: string | undefined): string => `${path}#${cursor ?? ''}`;
