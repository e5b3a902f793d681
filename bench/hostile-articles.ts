/**
 * Articles built to find super-linear extraction: a body full of distinct names, and one sentence
 * repeated. Deterministic, so timings compare across runs.
 */

const GIVEN = [
  'Anna',
  'Peter',
  'Maria',
  'John',
  'Fatima',
  'Lars',
  'Chen',
  'Olga',
  'Samuel',
  'Ines',
  'Kofi',
  'Yuki',
];
const FAMILY = [
  'Kowalski',
  'Jansen',
  'Lopez',
  'Okafor',
  'Lindqvist',
  'Haddad',
  'Moreau',
  'Novak',
  'Tanaka',
  'Silva',
];
const TITLES = [
  'Foreign Minister',
  'Prime Minister',
  'President',
  'Senator',
  'Interior Minister',
  'Governor',
];
const PLACES = ['Paris', 'Berlin', 'Moscow', 'Lagos', 'Tokyo', 'Lima', 'Cairo', 'Oslo'];
const COUNTRIES = ['France', 'Germany', 'Russia', 'Nigeria', 'Japan', 'Peru', 'Egypt', 'Norway'];

/** Lower-case letters from a number, so every invented surname is new: "Kowalskiab". */
function suffix(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor(k / 26)) s += String.fromCharCode(97 + (k % 26));
  return s;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

/**
 * About `bytes` of text, every sentence naming new people with titles, places and countries. Articles
 * that start from different `first` sentences share no names, so the duplicate check keeps them apart.
 */
export function namesArticle(bytes: number, first = 0): { title: string; body: string } {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = first; size < bytes; i++) {
    const a = `${pick(GIVEN, i)} ${pick(FAMILY, i * 7)}${suffix(i)}`;
    const b = `${pick(GIVEN, i + 5)} ${pick(FAMILY, i * 3 + 1)}${suffix(i + 1)}`;
    const text =
      `${pick(TITLES, i)} ${a} of ${pick(COUNTRIES, i)} met ${pick(TITLES, i + 2)} ${b} in ${pick(PLACES, i + 3)} on Tuesday. ` +
      `"We will not accept this," ${a.split(' ')[1]} said, while ${b.split(' ')[1]} told reporters that ${pick(COUNTRIES, i + 1)} would respond.`;
    paragraphs.push(text);
    size += text.length + 2;
  }
  return { title: 'A summit of many names', body: paragraphs.join('\n\n') };
}

/** About `bytes` of one sentence said again and again. */
export function repeatedSentenceArticle(bytes: number): { title: string; body: string } {
  const sentence =
    'Prime Minister David Cameron said on Tuesday that Russia must stop bombing rebels in Syria. ';
  const count = Math.ceil(bytes / sentence.length);
  const paragraphs: string[] = [];
  for (let i = 0; i < count; i += 5) paragraphs.push(sentence.repeat(Math.min(5, count - i)).trim());
  return { title: 'The same sentence', body: paragraphs.join('\n\n') };
}
