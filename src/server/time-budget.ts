import { useOnResolve } from '@envelop/on-resolve';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RequestTimeoutError } from '../errors.ts';

interface Budget {
  deadline: number;
  controller: AbortController;
  error: RequestTimeoutError;
}

const budgets = new WeakMap<object, Budget>();

function expire(budget: Budget): void {
  if (!budget.controller.signal.aborted) budget.controller.abort(budget.error);
}

/**
 * Checked as each resolver starts. SQLite calls are synchronous, so an operation can run start to end
 * without the event loop turning and a timer firing; this check does not depend on one. One instance
 * for the process, because it wraps the resolvers of the shared schema once.
 */
const deadlineCheck = useOnResolve(
  ({ context }) => {
    const budget = budgets.get(context);
    if (budget && performance.now() > budget.deadline) {
      expire(budget);
      throw budget.error;
    }
  },
  { skipIntrospection: true, skipDefaultResolvers: true },
) as Plugin;

/**
 * Gives each operation `ms` to execute. Past that the client gets a single TIMEOUT error and execution
 * is aborted: resolvers not yet started do not run. (A SQL statement already running finishes first;
 * the query limits bound what one statement can cost.)
 */
export function timeBudgetPlugins(ms: number): Plugin[] {
  const budgetPlugin: Plugin = {
    onExecute({ executeFn, setExecuteFn }) {
      // Yoga's executor reads `signal` (graphql-js 16's own types do not declare it).
      setExecuteFn(async (args: ExecutionArgs & { signal?: AbortSignal }) => {
        const budget: Budget = {
          deadline: performance.now() + ms,
          controller: new AbortController(),
          error: new RequestTimeoutError(ms),
        };
        budgets.set(args.contextValue as object, budget);
        const signal = args.signal
          ? AbortSignal.any([args.signal, budget.controller.signal])
          : budget.controller.signal;
        let timer: NodeJS.Timeout | undefined;
        // For time spent waiting rather than computing, a timer answers without waiting for a resolver.
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ms);
        }).then(() => expire(budget));
        const timeoutResult = (): ExecutionResult => ({ errors: [budget.error] });
        try {
          const result = await Promise.race([executeFn({ ...args, signal } as ExecutionArgs), timedOut]);
          return budget.controller.signal.aborted ? timeoutResult() : (result as ExecutionResult);
        } catch (error) {
          if (budget.controller.signal.aborted) return timeoutResult();
          throw error;
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
  return [budgetPlugin, deadlineCheck];
}
