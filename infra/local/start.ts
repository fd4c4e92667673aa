/**
 * `npm start`: builds what is missing, starts the local cloud on one port with its state under
 * DATA_DIR, seeds the demo on first start, prints the URL and the demo logins, and shuts down
 * cleanly on Ctrl-C / SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoLogins, seedSettings } from '../../shared/seed/demo.ts';
import { PortInUseError, startLocalCloud } from './cloud.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(repoRoot, process.env.DATA_DIR ?? '.data');
const distDir = resolve(repoRoot, 'frontend/dist');

/** Newest modification time of any file under `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/** Builds the dashboard on first start and whenever its sources changed since the last build. */
function buildDashboardIfStale(): void {
  const built = resolve(distDir, 'index.html');
  const sources = Math.max(
    newestMtime(resolve(repoRoot, 'frontend/src')),
    newestMtime(resolve(repoRoot, 'frontend/public')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building the dashboard…');
  execFileSync('npm', ['run', '--silent', 'build:frontend'], { cwd: repoRoot, stdio: 'inherit' });
}

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`PORT must be a TCP port, got ${process.env.PORT}`);
  buildDashboardIfStale();
  const started = Date.now();
  const cloud = await startLocalCloud({ port, dataDir, repoRoot, distDir, scheduler: true, seed: true });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const { password } = seedSettings();
  const base = `http://localhost:${port}`;
  console.log(
    [
      '',
      `Content Strategist is running at ${base}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s, data in ${dataDir})`,
      '',
      `Demo logins (password for all: ${password}):`,
      ...demoLogins().map(
        (login) => `  ${login.email.padEnd(28)} ${login.role.padEnd(14)} ${login.url(port)}`,
      ),
      '',
      `API: ${base}/api/v1/health · OpenAPI: ${base}/api/v1/openapi.json · Sent emails: ${base}/_local/outbox`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof PortInUseError) {
    console.error(
      `Port ${port} is already in use. Stop the other process or start with PORT=<another port> npm start.`,
    );
  } else {
    console.error(error);
  }
  process.exit(1);
});
