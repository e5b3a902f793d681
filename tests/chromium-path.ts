import { existsSync } from 'node:fs';

/** A Chromium already on the machine (the browser tests download none); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
]
  .filter((path): path is string => Boolean(path))
  .find((path) => existsSync(path));
