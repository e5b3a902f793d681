import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { type DocumentNode, type GraphQLError, type ValidationContext, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Limits } from '../config.ts';
import { AppError, PayloadTooLargeError, QueryTooComplexError } from '../errors.ts';

/** The number armor reports after "found", when it says. */
function foundIn(error: GraphQLError): number | undefined {
  const match = /found (\d+)/.exec(error.message);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** Armor reports a rejection by throwing out of validation; we report it as a coded validation error. */
function reportAs(limit: string, max: number, describe: (found: number | undefined) => string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = foundIn(error);
        context?.reportError(new QueryTooComplexError(limit, max, found, describe(found)));
      },
    ],
  };
}

const over = (what: string, max: number) => (found: number | undefined) =>
  found === undefined
    ? `the query has more ${what} than the limit of ${max}`
    : `the query has ${found} ${what}, over the limit of ${max}`;

/** `params.query` over the document size limit is refused before it is parsed. */
function documentSizePlugin(maxBytes: number): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && Buffer.byteLength(params.query) > maxBytes) {
        throw new PayloadTooLargeError('the GraphQL document', maxBytes);
      }
    },
  };
}

/** Verdicts kept per document (yoga's parser cache hands out one DocumentNode per query text). */
const MAX_VERDICTS_PER_DOCUMENT = 64;

/**
 * Cost depends on variables (`first: $n`), so it is measured after validation, whose results the server
 * caches by document, and before execution starts: once per document, operation and variables, then
 * remembered, so a repeated request does not walk its document again.
 */
function costPlugin(maxCost: number): Plugin {
  const verdicts = new WeakMap<DocumentNode, Map<string, readonly GraphQLError[]>>();
  const measure = (args: {
    schema: Parameters<typeof validate>[0];
    document: DocumentNode;
    contextValue: unknown;
    variableValues?: unknown;
    operationName?: string | null;
  }): readonly GraphQLError[] | undefined => {
    let errors: readonly GraphQLError[];
    try {
      errors = validate(args.schema, args.document, [
        createComplexityRule({
          context: args.contextValue as object,
          variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
          operationName: args.operationName ?? null,
          validate: ({ complexity }, report) => {
            if (complexity > maxCost) {
              report(
                new QueryTooComplexError(
                  'cost',
                  maxCost,
                  complexity,
                  `the query's estimated cost is ${complexity}, over the limit of ${maxCost}: ask for smaller pages (first) or fewer nested lists`,
                ),
              );
            }
          },
        }),
      ]);
    } catch (error) {
      // Costing reads the arguments; a bad one (a malformed id) is reported by execution, with its path.
      if (error instanceof AppError) return undefined;
      throw error;
    }
    return errors.filter((error) => error instanceof QueryTooComplexError);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const key = args.variableValues
        ? JSON.stringify([args.operationName ?? null, args.variableValues], withoutLongStrings)
        : (args.operationName ?? '');
      let byKey = verdicts.get(args.document);
      let overLimit = byKey?.get(key);
      if (!overLimit) {
        overLimit = measure(args);
        if (!overLimit) return;
        if (!byKey) {
          byKey = new Map();
          verdicts.set(args.document, byKey);
        }
        if (byKey.size >= MAX_VERDICTS_PER_DOCUMENT) byKey.clear();
        byKey.set(key, overLimit);
      }
      if (overLimit.length) setResultAndStopExecution({ errors: overLimit });
    },
  };
}

/**
 * A JSON replacer for the verdict key: no limit depends on what a string says, so a long one (an
 * article's body) is keyed by its length instead of being copied into the key on every request.
 */
function withoutLongStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > 64 ? `#${value.length}` : value;
}

/** Every query limit, in the order a request meets them: size, tokens, then shape, then cost. */
export function limitPlugins(limits: Limits): Plugin[] {
  return [
    documentSizePlugin(limits.maxDocumentBytes),
    maxTokensPlugin({
      n: limits.maxTokens,
      onReject: [
        () => {
          throw new QueryTooComplexError(
            'tokens',
            limits.maxTokens,
            undefined,
            `the document has more tokens than the limit of ${limits.maxTokens}`,
          );
        },
      ],
    }),
    maxDepthPlugin({
      n: limits.maxDepth,
      ignoreIntrospection: false,
      flattenFragments: true,
      ...reportAs('depth', limits.maxDepth, (found) =>
        found === undefined
          ? `the query is nested deeper than the limit of ${limits.maxDepth}`
          : `the query is nested ${found} levels deep, over the limit of ${limits.maxDepth}`,
      ),
    }),
    maxAliasesPlugin({
      n: limits.maxAliases,
      ...reportAs('aliases', limits.maxAliases, over('aliases', limits.maxAliases)),
    }),
    maxDirectivesPlugin({
      n: limits.maxDirectives,
      ...reportAs('directives', limits.maxDirectives, over('directives', limits.maxDirectives)),
    }),
    costPlugin(limits.maxCost),
  ] as Plugin[];
}
