/**
 * Date expressions and their resolution against the publication date: weekdays ("on Sunday" → the
 * latest such day not after publication, or the next one in future tense), month-day ranges ("Feb.
 * 11-12", "12 February 2016"), relative years ("next year"), and offsets ("two days after"). Plain
 * Date arithmetic in UTC: a date library would add weight for a handful of patterns.
 */

export interface DateExpression {
  text: string;
  start: number;
  end: number;
  date?: string;
  endDate?: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  final: 0,
  last: 0,
};

const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const MONTH_DAY = new RegExp(
  `\\b${MONTH}\\s+(\\d{1,2})(?:\\s*[-–]\\s*(\\d{1,2}))?(?:,?\\s+(\\d{4}))?\\b`,
  'g',
);
const DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})(?:\\s*[-–]\\s*(\\d{1,2}))?\\s+${MONTH}(?:,?\\s+(\\d{4}))?\\b`,
  'g',
);
const WEEKDAY = /\b(?:on|last|this|next)?\s*(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b/g;
const RELATIVE_YEAR = /\b(next|last|this) year\b/g;
const RELATIVE_DAY = /\b(yesterday|today|tomorrow|last night|tonight)\b/gi;

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseIsoDate(text: string | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? '');
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

export function addDays(iso: string, days: number): string {
  const date = parseIsoDate(iso) as Date;
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

function monthDay(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return toIsoDate(new Date(Date.UTC(year, month - 1, day)));
}

/** A month-day without a year belongs to the publication year, or the previous one if that is > 2 months ahead. */
function yearFor(month: number, published: Date | undefined, explicit?: string): number | undefined {
  if (explicit) return Number(explicit);
  if (!published) return undefined;
  const year = published.getUTCFullYear();
  return month - (published.getUTCMonth() + 1) > 2 ? year - 1 : year;
}

function weekdayDate(name: string, published: Date, future: boolean): string {
  const target = WEEKDAYS.indexOf(name.toLowerCase());
  const date = new Date(published);
  const delta = future ? (target - date.getUTCDay() + 7) % 7 : -((date.getUTCDay() - target + 7) % 7);
  date.setUTCDate(date.getUTCDate() + delta);
  return toIsoDate(date);
}

/** Every date expression in `text` (offsets relative to `text`), resolved where `publishedAt` allows. */
export function findDateExpressions(text: string, publishedAt?: string, future = false): DateExpression[] {
  const published = parseIsoDate(publishedAt);
  const found: DateExpression[] = [];
  const push = (e: DateExpression) => {
    if (!found.some((f) => e.start < f.end && f.start < e.end)) found.push(e);
  };
  for (const m of text.matchAll(MONTH_DAY)) push(calendarDate(m, m[1], m[2], m[3], m[4], published));
  for (const m of text.matchAll(DAY_MONTH)) push(calendarDate(m, m[3], m[1], m[2], m[4], published));
  for (const m of text.matchAll(WEEKDAY)) {
    const lead = m[0].length - m[0].trimStart().length;
    const isFuture = future || /^next/i.test(m[0].trim());
    const date = published ? weekdayDate(m[1] ?? '', published, isFuture) : undefined;
    push({ text: m[0].trim(), start: m.index + lead, end: m.index + m[0].length, ...(date ? { date } : {}) });
  }
  for (const m of text.matchAll(RELATIVE_YEAR)) {
    const shift = m[1] === 'next' ? 1 : m[1] === 'last' ? -1 : 0;
    const year = published ? published.getUTCFullYear() + shift : undefined;
    push({
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
      ...(year ? { date: `${year}-01-01`, endDate: `${year}-12-31` } : {}),
    });
  }
  for (const m of text.matchAll(RELATIVE_DAY)) {
    const word = (m[1] ?? '').toLowerCase();
    const shift = word === 'yesterday' || word === 'last night' ? -1 : word === 'tomorrow' ? 1 : 0;
    const date = published ? toIsoDate(new Date(published.getTime() + shift * 86_400_000)) : undefined;
    push({ text: m[0], start: m.index, end: m.index + m[0].length, ...(date ? { date } : {}) });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** "two days after" / "3 days before": the signed offset in days, or undefined. */
export function dayOffset(text: string): { days: number; start: number; end: number } | undefined {
  const m = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (days?|weeks?) (after|before)\b/i.exec(
    text,
  );
  if (!m) return undefined;
  const count = NUMBER_WORDS[(m[1] ?? '').toLowerCase()] ?? Number(m[1]);
  const days = count * (/week/i.test(m[2] ?? '') ? 7 : 1);
  return { days: /after/i.test(m[3] ?? '') ? days : -days, start: m.index, end: m.index + m[0].length };
}

/** "on the second day of the summit": 1-based day number, and where the event noun phrase starts. */
export function dayOfEvent(
  text: string,
): { day: number; start: number; end: number; eventAt: number } | undefined {
  const m = /\bon the (first|second|third|fourth|fifth|final|last) day of (?:the |a |its )?/i.exec(text);
  if (!m) return undefined;
  return {
    day: ORDINALS[(m[1] ?? '').toLowerCase()] ?? 1,
    start: m.index,
    end: m.index + m[0].length,
    eventAt: m.index + m[0].length,
  };
}

/** "the two-day meeting": how many days the event lasts. */
export function durationDays(text: string): number | undefined {
  const m = /\b(two|three|four|five|\d)-day\b/i.exec(text);
  if (!m) return undefined;
  return NUMBER_WORDS[(m[1] ?? '').toLowerCase()] ?? Number(m[1]);
}

/** "Feb. 11-12" or "11-12 February" as a date expression; the year comes from the text or the publication. */
function calendarDate(
  m: RegExpMatchArray,
  monthName: string | undefined,
  day: string | undefined,
  lastDay: string | undefined,
  yearText: string | undefined,
  published: ReturnType<typeof parseIsoDate>,
): DateExpression {
  const month = MONTHS[(monthName ?? '').toLowerCase()] ?? 0;
  const year = yearFor(month, published, yearText);
  const date = year ? monthDay(year, month, Number(day)) : undefined;
  const endDate = year && lastDay ? monthDay(year, month, Number(lastDay)) : undefined;
  const start = m.index ?? 0;
  return {
    text: m[0],
    start,
    end: start + m[0].length,
    ...(date ? { date } : {}),
    ...(endDate ? { endDate } : {}),
  };
}
