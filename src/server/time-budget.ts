import {
  defaultFieldResolver,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isIntrospectionType,
  isObjectType,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { TimeBudget } from '../request-context.ts';
import type { Context } from '../schema/context.ts';

const WRAPPED = Symbol('time budget checked');

type Resolver = GraphQLFieldResolver<unknown, Context> & { [WRAPPED]?: true };

function budgetOf(context: unknown): TimeBudget | undefined {
  return (context as Partial<Context> | null)?.budget;
}

/**
 * A resolver that does not start once its operation's budget is spent. It answers with a rejected
 * promise rather than a throw: graphql-js 16 and @graphql-tools/executor stop completing a list when an
 * item fails synchronously, leaving the promises of earlier items unobserved, and when those reject the
 * process sees an unhandled rejection. A rejected promise is always awaited with its siblings.
 */
function readResolver(resolve: Resolver): Resolver {
  const checked: Resolver = (source, args, context, info) => {
    const budget = context.budget;
    if (budget?.isOver()) return Promise.reject(budget.error);
    return resolve(source, args, context, info);
  };
  checked[WRAPPED] = true;
  return checked;
}

/**
 * A write starts only within the budget. The write itself commits the budget (`ctx.writes`) at its point
 * of no return, after the work that precedes it (extraction); a resolver that wrote without it has
 * written by the time it returns, so the budget is disarmed then at the latest.
 */
function writeResolver(resolve: Resolver): Resolver {
  const checked: Resolver = (source, args, context, info) => {
    const budget = context.budget;
    if (budget?.isOver()) return Promise.reject(budget.error);
    const result = resolve(source, args, context, info);
    // An asynchronous write (extraction in a worker first) reaches its commit point later: it disarms the
    // budget itself there, and here only once it has settled.
    if (isPromiseLike(result)) return Promise.resolve(result).finally(() => budget?.disarm());
    budget?.disarm();
    return result;
  };
  checked[WRAPPED] = true;
  return checked;
}

/** Wraps the resolvers of the (shared) schema once; default resolvers only read the parent and stay. */
function checkResolvers(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as Resolver | undefined;
      if (!resolve || resolve === defaultFieldResolver || resolve[WRAPPED]) continue;
      field.resolve = type === mutation ? writeResolver(resolve) : readResolver(resolve);
    }
  }
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

/**
 * Gives each operation `ms` to execute. Reads past it answer a single TIMEOUT error: resolvers and loader
 * batches not yet started do not run (a statement already running finishes first, so a read answers
 * within the budget plus one batch). A write that started within the budget completes and answers;
 * one that had not yet started answers TIMEOUT and writes nothing.
 *
 * The executor is not given an abort signal: @graphql-tools/executor, on an abort in the middle of a
 * selection set, drops the promises of the fields it had started, and their rejections went unhandled
 * and ended the process. The budget stops the work itself, and the request's own signal (the client
 * went away) stops the budget.
 */
export function timeBudgetPlugins(ms: number): Plugin[] {
  const budgetPlugin: Plugin = {
    onSchemaChange({ schema }) {
      checkResolvers(schema);
    },
    onExecute({ executeFn, setExecuteFn }) {
      // Yoga's executor reads `signal` (graphql-js 16's own types do not declare it).
      setExecuteFn((args: ExecutionArgs & { signal?: AbortSignal }) => {
        const { signal, ...rest } = args;
        let budget = budgetOf(args.contextValue);
        if (!budget) {
          budget = new TimeBudget();
          (args.contextValue as { budget?: TimeBudget }).budget = budget;
        }
        budget.arm(ms, signal);
        return runWithin(budget, ms, () => executeFn(rest as ExecutionArgs));
      });
    },
  };
  return [budgetPlugin];
}

type Execution = ExecutionResult | AsyncIterable<unknown>;

/**
 * Runs `execute` and settles with its result, or with TIMEOUT once the budget is spent. Every path
 * observes the execution's promise exactly once (result first, timer first, both, a throw), so no
 * rejection can escape.
 */
function runWithin(budget: TimeBudget, ms: number, execute: () => unknown): Execution | Promise<Execution> {
  const timeout = (): ExecutionResult => ({ errors: [budget.error] });
  const settled = (result: Execution): Execution => (budget.spent ? timeout() : result);
  let execution: unknown;
  try {
    execution = execute();
  } catch (error) {
    if (budget.spent) return timeout();
    throw error;
  }
  if (!isPromiseLike<Execution>(execution)) return settled(execution as Execution);
  return new Promise<Execution>((resolve, reject) => {
    // For time spent waiting (between batches) rather than computing, the timer answers at the deadline.
    const timer = setTimeout(() => {
      if (budget.stop()) resolve(timeout());
    }, ms);
    execution.then(
      (result) => {
        clearTimeout(timer);
        resolve(settled(result));
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (budget.spent) resolve(timeout());
        else reject(error);
      },
    );
  });
}
