/**
 * Regions and geographic features that are places but not cities: continents and sub-regions from the
 * `world-countries` data (region, subregion), and a short list of regions that world-politics news names
 * often (general knowledge, not drawn from any article). Nations of the United Kingdom are here too,
 * because the country gazetteer lists only sovereign states.
 */
import worldCountriesModule, { type Country } from 'world-countries';
import { PhraseIndex } from './phrase-index.ts';

export interface RegionEntry {
  name: string;
  /** ISO code when the region lies within one country. */
  country?: string;
}

const REGIONS: [string, string?][] = [
  ['Middle East'],
  ['Near East'],
  ['Far East'],
  ['Gulf region'],
  ['Persian Gulf'],
  ['Balkans'],
  ['Western Balkans'],
  ['Caucasus'],
  ['North Caucasus', 'RU'],
  ['Sahel'],
  ['Horn of Africa'],
  ['Maghreb'],
  ['Levant'],
  ['Scandinavia'],
  ['Baltics'],
  ['Latin America'],
  ['Sub-Saharan Africa'],
  ['West Africa'],
  ['East Africa'],
  ['North Africa'],
  ['Central Asia'],
  ['South Asia'],
  ['Southeast Asia'],
  ['East Asia'],
  ['Asia-Pacific'],
  ['Arctic'],
  ['Antarctica'],
  ['Eurozone'],
  ['Schengen area'],
  ['Scotland', 'GB'],
  ['England', 'GB'],
  ['Wales', 'GB'],
  ['Northern Ireland', 'GB'],
  ['Crimea', 'UA'],
  ['Donbas', 'UA'],
  ['Donbass', 'UA'],
  ['Gaza', 'PS'],
  ['Gaza Strip', 'PS'],
  ['West Bank', 'PS'],
  ['East Jerusalem'],
  ['Golan Heights'],
  ['Sinai', 'EG'],
  ['Sinai Peninsula', 'EG'],
  ['Kurdistan'],
  ['Iraqi Kurdistan', 'IQ'],
  ['Kashmir'],
  ['Tibet', 'CN'],
  ['Xinjiang', 'CN'],
  ['Chechnya', 'RU'],
  ['Siberia', 'RU'],
  ['Darfur', 'SD'],
  ['Catalonia', 'ES'],
  ['Basque Country', 'ES'],
  ['Flanders', 'BE'],
  ['Wallonia', 'BE'],
  ['Bavaria', 'DE'],
  ['Transnistria', 'MD'],
  ['Abkhazia', 'GE'],
  ['South Ossetia', 'GE'],
  ['Nagorno-Karabakh'],
  ['Western Sahara'],
  ['Punjab'],
  ['Balochistan', 'PK'],
  ['Anbar', 'IQ'],
  ['Idlib', 'SY'],
  ['Hong Kong', 'HK'],
  ['Macau', 'MO'],
  ['Silicon Valley', 'US'],
  ['Mediterranean'],
];

const worldCountries: Country[] = Array.isArray(worldCountriesModule)
  ? worldCountriesModule
  : ((worldCountriesModule as { default?: Country[] }).default ?? []);

let index: PhraseIndex<RegionEntry> | undefined;

/** Named regions, built once per process. Case-sensitive: "Gulf" and "gulf" differ. */
export function regionIndex(): PhraseIndex<RegionEntry> {
  if (index) return index;
  index = new PhraseIndex<RegionEntry>();
  for (const [name, country] of REGIONS) index.add(name, { name, ...(country ? { country } : {}) });
  for (const country of worldCountries) {
    for (const name of [country.region, country.subregion]) if (name) index.add(name, { name });
  }
  return index;
}

/** Heads of geographic names: "Caspian Sea", "Red Sea", "Arabian Peninsula". */
export const FEATURE_HEADS = new Set([
  'Sea',
  'Ocean',
  'Gulf',
  'Strait',
  'Straits',
  'Channel',
  'Peninsula',
  'Mountains',
  'Desert',
  'River',
  'Valley',
  'Island',
  'Islands',
  'Isles',
  'Bay',
  'Canal',
  'Heights',
  'Strip',
  'Plateau',
  'Coast',
  'Basin',
  'Lake',
  'Delta',
]);
/** "Gulf of Aden", "Strait of Hormuz": features named after "of". */
export const FEATURE_OF = new Set([
  'Gulf',
  'Strait',
  'Straits',
  'Bay',
  'Sea',
  'Isle',
  'Island',
  'Cape',
  'Lake',
]);
/** Capitalised heads of venues: "Elysee Palace", "Tahrir Square", "1 Main Street". */
export const VENUE_HEADS = new Set([
  'Palace',
  'Hotel',
  'Square',
  'Street',
  'Avenue',
  'Airport',
  'Stadium',
  'Arena',
  'Cathedral',
  'Mosque',
  'Bridge',
  'Prison',
  'Camp',
  'Station',
]);
/** Lower-case nouns after a name that make it a place: "Entebbe airport", "the Sohae site". */
export const PLACE_NOUNS = new Set([
  'airport',
  'station',
  'hotel',
  'stadium',
  'square',
  'palace',
  'prison',
  'camp',
  'district',
  'neighbourhood',
  'neighborhood',
  'suburb',
  'province',
  'region',
  'governorate',
  'county',
  'crossing',
  'site',
  'base',
  'airbase',
  'port',
  'harbour',
  'harbor',
  'village',
  'town',
  'island',
  'islands',
]);
/** "the town of X", "the Brussels district of X", "islands such as X". */
export const PLACE_OF = new Set([
  'town',
  'city',
  'village',
  'district',
  'suburb',
  'province',
  'region',
  'island',
  'islands',
  'resort',
  'port',
  'hub',
  'enclave',
  'neighbourhood',
  'neighborhood',
  'municipality',
  'governorate',
]);
