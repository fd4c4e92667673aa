import { type IncomingMessage, request, type ServerResponse } from 'node:http';

/**
 * Forwards `req` (with its already-rewritten `url`) to a loopback server and pipes the answer
 * back. Used for emulators that only exist as listening servers (aws-ses-v2-local).
 */
export function forward(req: IncomingMessage, res: ServerResponse, target: { port: number }): void {
  const upstream = request(
    { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`Upstream error: ${error.message}`);
  });
  req.pipe(upstream);
}
