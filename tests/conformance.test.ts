import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './hardening-helpers.ts';

let t: TestApp;
let results: AuditResult[] = [];

beforeAll(async () => {
  t = await testApp();
  const audits = serverAudits({
    url: 'http://localhost/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => t.app.fetch(new Request(input, init)),
  });
  results = await Promise.all(audits.map((audit) => audit.fn()));
});
afterAll(() => t?.close());

describe('GraphQL over HTTP audits', () => {
  it('passes every MUST', () => {
    const failed = results.filter((r) => r.status !== 'ok' && r.name.startsWith('MUST'));
    expect(failed.map((r) => `${r.name}: ${'reason' in r ? r.reason : r.status}`)).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });

  it('passes every SHOULD', () => {
    const failed = results.filter((r) => r.status !== 'ok' && r.name.startsWith('SHOULD'));
    expect(failed.map((r) => r.name)).toEqual([]);
  });

  it('passes every MAY', () => {
    const failed = results.filter((r) => r.status !== 'ok' && r.name.startsWith('MAY'));
    expect(failed.map((r) => r.name)).toEqual([]);
  });
});
