/**
 * A loopback stand-in for the Step Functions endpoint that lets a benchmark start two runs the
 * same way — through the API, whose `StartExecution` call names the run — yet execute one of them
 * elsewhere: every request is passed on to the local cloud's emulator, except a `StartExecution`
 * the benchmark diverted, which is answered here (an execution ARN, as Step Functions answers)
 * and handed to the benchmark's own runner instead.
 *
 * Point the handlers at it by setting `AWS_ENDPOINT_URL_SFN` to its `url` after the cloud started
 * and before the first call (the SDK client is created on first use and keeps its endpoint).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a diverted `StartExecution` asked for. */
export interface DivertedStart {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly executionArn: string;
}

export interface StepFunctionsDivert {
  /** Endpoint for `AWS_ENDPOINT_URL_SFN`. */
  readonly url: string;
  /** The next `StartExecution` goes to `onStart` (after it was answered) instead of the emulator. */
  divertNext(onStart: (start: DivertedStart) => void): void;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the stand-in in front of `emulator` (the emulator's endpoint URL, path included). */
export async function divertStepFunctions(emulator: string): Promise<StepFunctionsDivert> {
  let diverted: ((start: DivertedStart) => void) | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const target = req.headers['x-amz-target'];
      if (diverted && target === 'AWSStepFunctions.StartExecution') {
        const onStart = diverted;
        diverted = undefined;
        const request = JSON.parse(body.toString('utf8')) as {
          stateMachineArn: string;
          name: string;
          input: string;
        };
        const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':execution:')}:${request.name}`;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ executionArn, startDate: Date.now() / 1000 }));
        onStart({ ...request, input: JSON.parse(request.input), executionArn });
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' && !['host', 'connection', 'content-length'].includes(entry[0]),
        ),
      );
      const answer = await fetch(`${emulator}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
      });
      // fetch has already decoded and de-chunked the body.
      const passed = [...answer.headers].filter(
        ([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name),
      );
      res.writeHead(answer.status, Object.fromEntries(passed));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    divertNext(onStart) {
      diverted = onStart;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
