const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

// Reserved codes people often type for a country that has another official one.
const EXCEPTIONAL: Record<string, string> = { UK: 'GB', EL: 'GR' };

/**
 * The ISO 3166-1 alpha-2 code for `input` (any case), or null when it is not a code ICU knows as a region.
 * Uses the runtime's own CLDR data, so no list is kept here.
 */
export function canonicalCountryCode(input: string): string | null {
  const upper = input.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return null;
  const code = EXCEPTIONAL[upper] ?? upper;
  const name = regionNames.of(code);
  return name && name !== code && name !== 'Unknown Region' ? code : null;
}
