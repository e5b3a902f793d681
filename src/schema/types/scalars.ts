import { Kind } from 'graphql';
import { InvalidInputError } from '../../errors.ts';
import { builder } from '../builder.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidInputError(`${JSON.stringify(value)} is not a date: write YYYY-MM-DD, e.g. 2015-11-15`);
  }
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new InvalidInputError(`${value} is not a calendar date`);
  }
  return value;
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new InvalidInputError(
      `${JSON.stringify(value)} is not a date-time: write ISO 8601, e.g. 2015-11-16T10:00:00Z`,
    );
  }
  // Date.parse rolls 2015-02-30 over into March; the day written must exist.
  const day = value.slice(0, 10);
  if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new InvalidInputError(`${day} is not a calendar date`);
  }
  return new Date(value).toISOString();
}

export const DateScalar = builder.scalarType('Date', {
  description: 'An ISO 8601 calendar date, e.g. 2015-11-15.',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An ISO 8601 date-time with offset, e.g. 2015-11-16T10:00:00Z.',
  // Articles may carry a bare date; clients always get a full date-time.
  serialize: (value) => (DATE.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
