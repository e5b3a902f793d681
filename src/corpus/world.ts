import { slugify } from '../text/normalise.ts';
import { Random, Zipf } from './random.ts';

/**
 * The cast of a synthetic corpus: countries, people, organisations and places, each with a stable slug.
 * Names are built from the entity's index, so they are unique by construction and need no bookkeeping;
 * the index is also the popularity rank (index 0 is in the most articles).
 */

export interface WorldCountry {
  index: number;
  code: string;
  name: string;
  slug: string;
}

export interface WorldPerson {
  index: number;
  name: string;
  surname: string;
  slug: string;
  country: number;
  office: { title: string; country: number } | null;
}

export interface WorldOrganization {
  index: number;
  name: string;
  acronym: string;
  slug: string;
  country: number | null;
}

export interface WorldPlace {
  index: number;
  name: string;
  slug: string;
  country: number;
}

export interface World {
  countries: WorldCountry[];
  people: WorldPerson[];
  organizations: WorldOrganization[];
  places: WorldPlace[];
  popularity: { countries: Zipf; people: Zipf; organizations: Zipf; places: Zipf };
  /** How many distinct events the corpus reports; articles near each other in time share events. */
  eventCount: number;
}

const COUNTRIES: readonly [string, string][] = [
  ['US', 'United States'],
  ['CN', 'China'],
  ['RU', 'Russia'],
  ['GB', 'United Kingdom'],
  ['FR', 'France'],
  ['DE', 'Germany'],
  ['IN', 'India'],
  ['JP', 'Japan'],
  ['TR', 'Turkey'],
  ['IR', 'Iran'],
  ['UA', 'Ukraine'],
  ['IL', 'Israel'],
  ['SA', 'Saudi Arabia'],
  ['BR', 'Brazil'],
  ['SY', 'Syria'],
  ['EG', 'Egypt'],
  ['IT', 'Italy'],
  ['CA', 'Canada'],
  ['KR', 'South Korea'],
  ['PK', 'Pakistan'],
  ['AU', 'Australia'],
  ['ES', 'Spain'],
  ['MX', 'Mexico'],
  ['PL', 'Poland'],
  ['NG', 'Nigeria'],
  ['ZA', 'South Africa'],
  ['IQ', 'Iraq'],
  ['ID', 'Indonesia'],
  ['AR', 'Argentina'],
  ['SE', 'Sweden'],
  ['NO', 'Norway'],
  ['NL', 'Netherlands'],
  ['GR', 'Greece'],
  ['KE', 'Kenya'],
  ['ET', 'Ethiopia'],
  ['VN', 'Vietnam'],
  ['TH', 'Thailand'],
  ['CH', 'Switzerland'],
  ['BE', 'Belgium'],
  ['AF', 'Afghanistan'],
];

const FIRST_NAMES = (
  'Anna Omar Li Maria James Fatima Pavel Sofia Hiroshi Amara Lukas Chen Elena Diego Aisha Tomas Ingrid ' +
  'Rahul Grace Yusuf Marta Kofi Helena Ivan Nadia Pedro Leila Jonas Mei Samuel Olga Karim Rosa Felix ' +
  'Zainab Viktor Clara Mateo Hana Emeka Irene Arjun Lucia Dmitri Amina Oscar Sara Kenji Beatriz Tariq ' +
  'Julia Nikolai Esther Rafael Yara Henrik Ming Alice Bruno Noor'
).split(' ');

const SURNAMES = (
  'Berg Okafor Tanaka Novak Haddad Silva Petrov Moreau Schmidt Kowalski Rossi Nakamura Mensah Lindqvist ' +
  'Ortega Farouk Ivanova Dubois Costa Yilmaz Andersen Mbeki Sato Kaplan Romero Nasser Weber Horvath ' +
  'Fischer Abiodun Castillo Rahman Jensen Hoffmann Demir Alvarez Kim Park Wang Zhou Singh Patel Gupta ' +
  'Mendes Ferreira Varga Nowak Lund Eriksen Barros Cohen Levi Karimi Hosseini Aziz Said Ali Khan Malik ' +
  'Osei Adeyemi Chukwu Banda Phiri Moyo Dlamini Ndlovu Kariuki Otieno Mwangi Hassan Ibrahim Yusuf ' +
  'Suzuki Watanabe Ito Yamamoto Nguyen Tran Pham Le Hoang Santos Oliveira Pereira Lopes Ramos Torres ' +
  'Vargas Morales Herrera Medina Rojas Navarro Molina Ortiz Delgado Vega Campos Guerrero Fuentes Leon ' +
  'Marquez Blanco Sanz Iglesias Gallo Conti Greco Bruno Ricci Marino Fontana Moretti Lombardi Ferrari'
).split(' ');

const ORG_ADJECTIVES = (
  'Northern Southern Eastern Western Central Atlantic Pacific Global United Federal National ' +
  'International Regional Allied Continental Democratic Independent Royal Public Joint Free New ' +
  'Coastal Arctic Alpine Desert Highland River Harbour Metropolitan'
).split(' ');

const ORG_SECTORS = (
  'Energy Trade Defence Health Farming Shipping Mining Banking Rail Water Labour Science Space ' +
  'Fisheries Textile Steel Aviation Telecom Transport Housing Education Media Customs Climate ' +
  'Security Finance Tourism Forestry Justice Industry'
).split(' ');

const ORG_TYPES = 'Council Union Alliance Agency Forum League Bank Federation Authority Institute'.split(' ');

const SYLLABLES = (
  'ka ra lo me san ti vo ne bel mar to ri zan do ve lu sha pe gor mi ta ko len da fir ho ba nu sel qa ' +
  'vi mon ter al os ur em in dor'
).split(' ');

const PLACE_SUFFIXES = ['', 'ville', 'burg', 'port', 'grad', 'stad', 'polis', 'ford', 'mouth', 'field'];

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function personName(index: number): { name: string; surname: string } {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Anna';
  // Shifting the surname with the first name keeps pairs unique (61 and the surname count are coprime)
  // while neighbouring ranks, the most covered people, get different surnames.
  const row = Math.floor(index / FIRST_NAMES.length);
  const surname = SURNAMES[(row * (FIRST_NAMES.length + 1) + index) % SURNAMES.length] ?? 'Berg';
  const round = Math.floor(index / (FIRST_NAMES.length * SURNAMES.length));
  // Beyond the plain combinations, a middle initial (then two) keeps every name distinct.
  const middle =
    round === 0
      ? ''
      : round <= 26
        ? `${String.fromCharCode(64 + round)}. `
        : `${String.fromCharCode(65 + (round % 26))}. ${String.fromCharCode(65 + (Math.floor(round / 26) % 26))}. `;
  return { name: `${first} ${middle}${surname}`, surname };
}

function organizationName(index: number): { name: string; acronym: string } {
  const a = ORG_ADJECTIVES[index % ORG_ADJECTIVES.length] ?? 'United';
  const s = ORG_SECTORS[Math.floor(index / ORG_ADJECTIVES.length) % ORG_SECTORS.length] ?? 'Trade';
  const t = ORG_TYPES[Math.floor(index / (ORG_ADJECTIVES.length * ORG_SECTORS.length)) % ORG_TYPES.length];
  const round = Math.floor(index / (ORG_ADJECTIVES.length * ORG_SECTORS.length * ORG_TYPES.length));
  const name = `${a} ${s} ${t ?? 'Council'}${round ? ` ${round + 1}` : ''}`;
  const acronym = name
    .split(' ')
    .map((word) => word.charAt(0))
    .join('');
  return { name, acronym };
}

function placeName(index: number): string {
  const n = SYLLABLES.length;
  const first = SYLLABLES[index % n] ?? 'ka';
  const second = SYLLABLES[Math.floor(index / n) % n] ?? 'ra';
  const suffix = PLACE_SUFFIXES[Math.floor(index / (n * n)) % PLACE_SUFFIXES.length] ?? '';
  const round = Math.floor(index / (n * n * PLACE_SUFFIXES.length));
  return `${capitalise(first + second + suffix)}${round ? ` ${capitalise(SYLLABLES[round % n] ?? 'ka')}` : ''}`;
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** The cast for a corpus of `articles` articles: pools grow with the corpus, as a real archive's do. */
export function createWorld(articles: number, seed: number): World {
  const random = Random.of(seed, 'world');
  const countries = COUNTRIES.map(([code, name], index) => ({ index, code, name, slug: slugify(name) }));
  const countryPopularity = new Zipf(countries.length, 1);
  const people: WorldPerson[] = [];
  const peopleCount = clamp(Math.round(articles / 4), 300, 40_000);
  for (let index = 0; index < peopleCount; index++) {
    const { name, surname } = personName(index);
    // The first two people of each country hold its top offices: the most covered people lead countries.
    const leads = index < countries.length * 2;
    const country = leads ? index >> 1 : countryPopularity.draw(random);
    const countryName = countries[country]?.name ?? '';
    const office = leads
      ? {
          title: index % 2 === 0 ? `President of ${countryName}` : `Foreign Minister of ${countryName}`,
          country,
        }
      : null;
    people.push({ index, name, surname, slug: slugify(name), country, office });
  }
  const organizations: WorldOrganization[] = [];
  const organizationCount = clamp(Math.round(articles / 40), 60, 4_000);
  for (let index = 0; index < organizationCount; index++) {
    const { name, acronym } = organizationName(index);
    const country = random.chance(0.6) ? countryPopularity.draw(random) : null;
    organizations.push({ index, name, acronym, slug: slugify(name), country });
  }
  const places: WorldPlace[] = [];
  const placeCount = clamp(Math.round(articles / 40), 80, 4_000);
  for (let index = 0; index < placeCount; index++) {
    const name = placeName(index);
    places.push({ index, name, slug: slugify(name), country: countryPopularity.draw(random) });
  }
  return {
    countries,
    people,
    organizations,
    places,
    popularity: {
      countries: countryPopularity,
      people: new Zipf(people.length, 0.9),
      organizations: new Zipf(organizations.length, 1),
      places: new Zipf(places.length, 1),
    },
    eventCount: Math.max(1, Math.ceil(articles / 5)),
  };
}
