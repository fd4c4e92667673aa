/**
 * SES v2 for the local cloud: aws-ses-v2-local on an internal loopback port (it exports only a
 * listening server, not a request handler), reached through `/_aws/ses`. Its store is the local
 * outbox, readable at `GET /_local/outbox` as a JSON list, newest last. The outbox lives in
 * memory, like the emulator's store: a restart empties it.
 */

import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type sesModule from 'aws-ses-v2-local';
import { forward } from '../proxy.ts';
import { type LocalService, type LocalServiceOptions, takePrefix } from '../service.ts';

/** One sent email as the outbox lists it. */
export interface OutboxEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text?: string;
  html?: string;
  sentAt: string;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

function toOutboxEmail(email: StoredEmail): OutboxEmail {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.destination.to,
    cc: email.destination.cc,
    bcc: email.destination.bcc,
    subject: email.subject,
    text: email.body.text,
    html: email.body.html,
    sentAt: new Date(email.at * 1000).toISOString(),
  };
}

// A CommonJS module whose `exports.default` is the server factory; `require` reads it the same
// way under tsx and under vitest, whose ESM interop for it differ.
const { default: startSesServer } = createRequire(import.meta.url)('aws-ses-v2-local') as {
  default: (typeof sesModule)['default'];
};

/** Starts the SES emulator and returns the service for `/_aws/ses` and `/_local/outbox`. */
export async function createSesService(_options: LocalServiceOptions): Promise<LocalService> {
  const server = await startSesServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;

  return {
    name: 'ses',
    async handle(req, res) {
      if (takePrefix(req, '/_aws/ses')) {
        forward(req, res, { port });
        return true;
      }
      if (req.method === 'GET' && (req.url === '/_local/outbox' || req.url?.startsWith('/_local/outbox?'))) {
        const store = await fetch(`http://127.0.0.1:${port}/store`).then(
          (answer) => answer.json() as Promise<{ emails: StoredEmail[] }>,
        );
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(store.emails.map(toOutboxEmail)));
        return true;
      }
      return false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
