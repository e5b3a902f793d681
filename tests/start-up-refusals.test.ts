import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

describe('start-up refuses settings it could never honour', () => {
  it('stops `serve` with one line naming ADMIN_TOKEN when the token holds a space', async () => {
    const run = await runCli(['serve'], { ADMIN_TOKEN: 'my admin token is long', PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/ADMIN_TOKEN: must be printable ASCII without spaces/);
  });
});
