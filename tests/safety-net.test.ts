import { spawn } from 'node:child_process';
import { describe, it } from 'vitest';
import { PROJECT_ROOT } from './helpers.ts';

/** Runs `body` in a process of its own with the safety net installed; its log lines and exit code. */
function withSafetyNet(body: string): Promise<{ code: number | null; lines: Record<string, unknown>[] }> {
  const script = `
    import { createLogger } from './src/logger.ts';
    import { markErrorOf } from './src/request-context.ts';
    import { installSafetyNet } from './src/server/safety-net.ts';
    const logger = createLogger('info');
    installSafetyNet(logger, (reason) => {
      logger.info({ reason }, 'drain');
      setTimeout(() => process.exit(1), 50);
    });
    ${body}
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.once('close', (code) => {
      const lines = stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, lines });
    });
  });
}

describe.concurrent('the process safety net', () => {
  it('logs an unhandled rejection with its request id and keeps the process serving', async ({ expect }) => {
    const run = await withSafetyNet(`
      const error = new Error('escaped');
      markErrorOf('req-7', error);
      Promise.reject(error);
      setTimeout(() => { logger.info('still here'); process.exit(0); }, 200);
    `);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      expect.objectContaining({
        level: 50,
        requestId: 'req-7',
        msg: expect.stringMatching(/unhandled promise rejection/),
      }),
      expect.objectContaining({ msg: 'still here' }),
    ]);
  });

  it('logs an uncaught exception, drains and exits non-zero', async ({ expect }) => {
    const run = await withSafetyNet(`
      setTimeout(() => { throw new Error('broken'); }, 10);
      setInterval(() => {}, 1000);
    `);
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      expect.objectContaining({
        level: 60,
        msg: expect.stringMatching(/uncaught exception/),
        err: expect.objectContaining({ message: 'broken' }),
      }),
      expect.objectContaining({ msg: 'drain', reason: 'uncaughtException' }),
    ]);
  });
});
