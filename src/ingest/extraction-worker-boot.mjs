// A worker thread starts without the process's module hooks: it registers tsx itself, however the
// process was started (tsx, a test runner), and then loads the worker's TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./extraction-worker.ts');
