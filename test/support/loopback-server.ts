import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One request a {@link LoopbackServer} received. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query string, as sent on the wire. */
  readonly url: string;
  /** Header values by lower-cased name (repeated headers keep every value). */
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

/** How the server answers: status, headers and body. */
export interface CannedResponse {
  readonly status: number;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string;
  /** Wait this long before answering (for timeouts). */
  readonly delayMs?: number;
}

/** A `node:http` server on loopback that records requests and answers with what the test says. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly requests: ReceivedRequest[];
  /** Sets the answer for the requests that follow. */
  respond(answer: CannedResponse | ((req: ReceivedRequest) => CannedResponse)): void;
  close(): Promise<void>;
}

/** Starts a loopback HTTP server standing in for API Gateway or an HTTPS API. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: ReceivedRequest[] = [];
  let answer: CannedResponse | ((req: ReceivedRequest) => CannedResponse) = { status: 200, body: '{}' };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string[]> = {};
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        (headers[req.rawHeaders[i].toLowerCase()] ??= []).push(req.rawHeaders[i + 1]);
      }
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const out = typeof answer === 'function' ? answer(received) : answer;
      const send = () => {
        res.writeHead(out.status, out.headers ?? { 'Content-Type': 'application/json' });
        res.end(out.body ?? '');
      };
      if (out.delayMs) setTimeout(send, out.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    respond: (next) => {
      answer = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
