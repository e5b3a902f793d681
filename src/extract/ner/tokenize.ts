/**
 * The tagger's tokens. The tagger was trained on a news corpus's token stream, so at run time the body is
 * cut the way that corpus cuts text (Penn-Treebank style): clitics apart ("do" "n't", "Germany" "'s"),
 * dates and scores whole ("1996-08-28", "3-1"), abbreviations with their full stop ("Inc.", "M."),
 * currency prefixes whole ("C$"), dash and dot runs whole ("--", "..."). A test checks that these rules
 * reproduce the corpus's token spans. The other stages keep the segmenter's tokens; tagger spans are
 * mapped onto them by offset.
 */

export interface NerToken {
  text: string;
  start: number;
  end: number;
}

const ABBREVIATION =
  'Mr|Mrs|Ms|Dr|St|Mt|Ft|vs|Inc|Corp|Co|Ltd|Bros|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Prof|Rev|Adm|Brig|Cmdr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Blvd|Dept|Univ|Messrs|etc';

const TOKEN = new RegExp(
  [
    // Dotted acronyms and initials: "U.S.", "a.m.", "M."
    String.raw`(?:\p{L}\.){2,}(?:-\p{L}+)*`,
    // Ranked-list numbers: "1. Steffi".
    String.raw`(?<=^|\s)\p{N}{1,3}\.(?=[ \t]+\p{Lu})`,
    String.raw`(?:${ABBREVIATION})\.(?![\p{L}\p{N}])`,
    String.raw`\p{Lu}\.(?=\s|$)`,
    // Currency with a country prefix: "C$", "US$", "HK$".
    String.raw`\p{Lu}{1,2}\$`,
    // Numbers: "1,000", "15.5", "1996-08-28", "1/2", "+44", ".500", "10th", "1990s".
    String.raw`[+]?\.?\p{N}+(?:[.,:/-]\p{N}+)*(?:-?\p{L}[\p{L}\p{N}]*)?(?:-\p{L}[\p{L}\p{N}]*)*`,
    // Words with inner hyphens, apostrophes, ampersands or digits: "al-Hashimi", "O'Neill", "AT&T", "F-16".
    String.raw`\p{L}[\p{L}\p{M}\p{N}]*(?:(?:[-'’]|&(?=\p{Lu}))[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*`,
    String.raw`-{2,}|\.{2,}|\S`,
  ].join('|'),
  'gu',
);

const CLITIC = /^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M))$/u;

/** The body's tokens as the tagger expects them, with UTF-16 offsets. */
export function nerTokens(text: string): NerToken[] {
  const tokens: NerToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const word = match[0];
    const start = match.index;
    const clitic = CLITIC.exec(word);
    if (clitic?.[1] && clitic[2] && /\p{L}$/u.test(clitic[1])) {
      const cut = clitic[1].length;
      tokens.push({ text: clitic[1], start, end: start + cut });
      tokens.push({ text: clitic[2], start: start + cut, end: start + word.length });
    } else {
      tokens.push({ text: word, start, end: start + word.length });
    }
  }
  return tokens;
}

/**
 * For each token, whether its line has letters and none in lower case: all-caps headlines, bylines and
 * datelines ("NAIROBI 2026-03-01"), where capitals say nothing about names.
 */
export function capsLineFlags(text: string, tokens: readonly { start: number }[]): boolean[] {
  const flags: boolean[] = [];
  let lineEnd = -1;
  let caps = false;
  for (const token of tokens) {
    if (token.start >= lineEnd) {
      const lineStart = text.lastIndexOf('\n', token.start) + 1;
      const next = text.indexOf('\n', token.start);
      lineEnd = next === -1 ? text.length : next;
      const line = text.slice(lineStart, lineEnd);
      caps = /\p{Lu}/u.test(line) && !/\p{Ll}/u.test(line);
    }
    flags.push(caps);
  }
  return flags;
}
