import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface NamedOperation {
  name: string;
  document: string;
  /** Example variables, from a `# variables: {...}` comment line in the file. */
  variables: Record<string, unknown>;
}

const VARIABLES_LINE = /^#\s*variables:\s*(\{.*\})\s*$/m;

/** The example operations in `dir`, one named operation per `<Name>.graphql` file, by name. */
export function readOperations(dir: string): NamedOperation[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const document = readFileSync(join(dir, file), 'utf8');
      const variables = VARIABLES_LINE.exec(document)?.[1];
      return {
        name: basename(file, '.graphql'),
        document,
        variables: variables ? (JSON.parse(variables) as Record<string, unknown>) : {},
      };
    });
}
