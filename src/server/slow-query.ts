import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import type { Context } from '../schema/context.ts';

/** Logs each operation whose execution takes longer than `thresholdMs`, with its name and duration. */
export function slowQueryPlugin(logger: Logger, thresholdMs: number): Plugin {
  return {
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone() {
          const durationMs = Math.round(performance.now() - started);
          if (durationMs < thresholdMs) return;
          const operation = getOperationAST(args.document, args.operationName);
          logger.warn(
            {
              requestId: (args.contextValue as Partial<Context>).requestId,
              operationName: operation?.name?.value ?? args.operationName ?? null,
              operation: operation?.operation,
              durationMs,
              thresholdMs,
            },
            'slow operation',
          );
        },
      };
    },
  };
}
