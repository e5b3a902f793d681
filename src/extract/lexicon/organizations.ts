/**
 * Well-known organisations as general world knowledge: international bodies, militant groups, news
 * agencies and broadcasters, legislatures, armed forces and major parties that recur in world-politics
 * news, with their usual short forms. Anything else is found by rule (acronym expansions, organisation
 * head nouns) in the organisations stage; no npm package ships such a list.
 */
import { PhraseIndex } from './phrase-index.ts';

export interface KnownOrganization {
  name: string;
  aliases: string[];
  country?: string;
  /** Parties and groups named by their members ("Labour MPs", "the Conservatives"). */
  memberForms?: string[];
}

const KNOWN: KnownOrganization[] = [
  { name: 'United Nations', aliases: ['UN', 'U.N.'] },
  {
    name: 'UN Security Council',
    aliases: ['Security Council', 'U.N. Security Council', 'United Nations Security Council', 'UNSC'],
  },
  { name: 'UN General Assembly', aliases: ['General Assembly', 'United Nations General Assembly'] },
  { name: 'UNHCR', aliases: ['UN refugee agency', 'UN High Commissioner for Refugees'] },
  { name: 'UNICEF', aliases: [] },
  { name: 'World Health Organization', aliases: ['WHO', 'World Health Organisation'] },
  { name: 'NATO', aliases: ['Nato', 'North Atlantic Treaty Organization'] },
  { name: 'European Union', aliases: ['EU', 'E.U.'] },
  { name: 'European Council', aliases: [] },
  { name: 'European Commission', aliases: [] },
  { name: 'European Parliament', aliases: [] },
  { name: 'European Central Bank', aliases: ['ECB'] },
  { name: 'G20', aliases: ['G-20', 'Group of 20', 'Group of Twenty'] },
  { name: 'G7', aliases: ['G-7', 'Group of Seven'] },
  { name: 'G8', aliases: ['G-8', 'Group of Eight'] },
  { name: 'OPEC', aliases: ['Organization of the Petroleum Exporting Countries'] },
  { name: 'International Monetary Fund', aliases: ['IMF'] },
  { name: 'World Bank', aliases: [] },
  { name: 'World Trade Organization', aliases: ['WTO'] },
  { name: 'Arab League', aliases: [] },
  { name: 'African Union', aliases: ['AU'] },
  { name: 'ASEAN', aliases: ['Association of Southeast Asian Nations'] },
  { name: 'OSCE', aliases: ['Organization for Security and Co-operation in Europe'] },
  { name: 'OPCW', aliases: ['Organisation for the Prohibition of Chemical Weapons'] },
  { name: 'International Atomic Energy Agency', aliases: ['IAEA'] },
  { name: 'International Criminal Court', aliases: ['ICC'] },
  { name: 'International Committee of the Red Cross', aliases: ['ICRC', 'Red Cross'] },
  { name: 'Amnesty International', aliases: [] },
  { name: 'Human Rights Watch', aliases: [] },
  { name: 'Greenpeace', aliases: ['Greenpeace International'] },
  { name: 'Oxfam', aliases: ['Oxfam International'] },
  { name: 'Save the Children', aliases: [] },
  { name: 'World Wide Fund for Nature', aliases: ['WWF'] },
  { name: 'Interpol', aliases: [] },
  { name: 'Europol', aliases: [] },
  { name: 'Frontex', aliases: [] },
  { name: 'Council of Europe', aliases: [] },
  { name: 'UNESCO', aliases: [] },
  { name: 'World Food Programme', aliases: ['WFP'] },
  {
    name: 'International Organization for Migration',
    aliases: ['IOM', 'International Organisation for Migration'],
  },
  { name: 'NASA', aliases: ['Nasa'], country: 'US' },
  { name: 'Central Intelligence Agency', aliases: ['CIA'], country: 'US' },
  { name: 'Federal Bureau of Investigation', aliases: ['FBI'], country: 'US' },
  {
    name: 'Medecins Sans Frontieres',
    aliases: ['MSF', 'Doctors Without Borders', 'Médecins Sans Frontières'],
  },
  { name: 'Gulf Cooperation Council', aliases: ['GCC'] },
  { name: 'Shanghai Cooperation Organisation', aliases: ['SCO'] },
  {
    name: 'Islamic State',
    aliases: ['IS', 'ISIS', 'ISIL', 'Daesh', 'Islamic State of Iraq and the Levant', 'Islamic State group'],
  },
  { name: 'al-Qaeda', aliases: ['al Qaeda', 'Al-Qaeda', 'al-Qaida', 'Al Qaeda'] },
  { name: 'al-Nusra Front', aliases: ['Nusra Front', 'Jabhat al-Nusra', 'al-Nusra'] },
  { name: 'Taliban', aliases: [] },
  { name: 'Hezbollah', aliases: ['Hizbollah'] },
  { name: 'Hamas', aliases: [] },
  { name: 'Boko Haram', aliases: [] },
  { name: 'al-Shabab', aliases: ['al-Shabaab', 'Al-Shabab'] },
  { name: 'Free Syrian Army', aliases: ['FSA'], country: 'SY' },
  { name: 'Kurdistan Workers Party', aliases: ['PKK', "Kurdistan Workers' Party"] },
  { name: 'BBC', aliases: ['British Broadcasting Corporation'], country: 'GB' },
  { name: 'Reuters', aliases: [] },
  { name: 'Associated Press', aliases: ['AP'] },
  { name: 'Agence France-Presse', aliases: ['AFP'], country: 'FR' },
  { name: 'Press Association', aliases: ['PA'], country: 'GB' },
  { name: 'Xinhua', aliases: ['Xinhua News Agency'], country: 'CN' },
  { name: 'TASS', aliases: ['Tass'], country: 'RU' },
  { name: 'RIA Novosti', aliases: [], country: 'RU' },
  { name: 'Interfax', aliases: [], country: 'RU' },
  { name: 'Al Jazeera', aliases: ['Al-Jazeera'], country: 'QA' },
  { name: 'CNN', aliases: [], country: 'US' },
  { name: 'Sky News', aliases: [], country: 'GB' },
  { name: 'Royal Air Force', aliases: ['RAF'], country: 'GB' },
  { name: 'Royal Navy', aliases: [], country: 'GB' },
  { name: 'House of Commons', aliases: ['Commons'], country: 'GB' },
  { name: 'House of Lords', aliases: ['Lords'], country: 'GB' },
  { name: 'US Congress', aliases: ['Congress'], country: 'US' },
  { name: 'US Senate', aliases: ['Senate'], country: 'US' },
  { name: 'House of Representatives', aliases: [], country: 'US' },
  { name: 'State Duma', aliases: ['Duma'], country: 'RU' },
  { name: 'Bundestag', aliases: [], country: 'DE' },
  { name: 'Knesset', aliases: [], country: 'IL' },
  { name: 'Labour Party', aliases: ['Labour'], country: 'GB', memberForms: ['Labour'] },
  {
    name: 'Conservative Party',
    aliases: ['Conservatives', 'Tories', 'Tory Party'],
    country: 'GB',
    memberForms: ['Conservative', 'Conservatives', 'Tory', 'Tories'],
  },
  {
    name: 'Liberal Democrats',
    aliases: ['Lib Dems', 'Liberal Democrat Party'],
    country: 'GB',
    memberForms: ['Liberal Democrat', 'Lib Dem'],
  },
  { name: 'Scottish National Party', aliases: ['SNP'], country: 'GB' },
  { name: 'UKIP', aliases: ['UK Independence Party', 'Ukip'], country: 'GB' },
  { name: 'Democratic Party', aliases: ['Democrats'], country: 'US', memberForms: ['Democrat', 'Democrats'] },
  {
    name: 'Republican Party',
    aliases: ['Republicans', 'GOP'],
    country: 'US',
    memberForms: ['Republican', 'Republicans'],
  },
];

let index: PhraseIndex<KnownOrganization> | undefined;

/** Names, aliases and member forms of the well-known organisations, built once per process. */
export function knownOrganizationIndex(): PhraseIndex<KnownOrganization> {
  if (index) return index;
  index = new PhraseIndex<KnownOrganization>();
  for (const org of KNOWN) {
    for (const form of [org.name, ...org.aliases, ...(org.memberForms ?? [])]) index.add(form, org);
  }
  return index;
}

/** Nouns that end an organisation's name: "Foreign Ministry", "Water Council", "Channel News". */
export const ORGANIZATION_HEADS = new Set(
  (
    'Ministry Department Council Commission Committee Parliament Assembly Congress Senate Party Army Navy ' +
    'Force Forces Guard Guards Agency Bank Fund Organisation Organization Union Group Front Movement Brigade ' +
    'Brigades Alliance Coalition Court Tribunal Office Service Services News Times Post Journal Institute ' +
    'University Center Centre Corporation Company Association Federation League Network Foundation Authority Police Cabinet ' +
    'Administration Television TV Radio Channel Committee Programme Program Secretariat Bureau Directorate ' +
    'Mission Board Observatory Airways Airlines Party'
  ).split(' '),
);

/** Heads that take their name after "of": "Ministry of Defence", "House of Commons". */
export const ORGANIZATION_HEADS_BEFORE_OF = new Set([
  'Ministry',
  'Department',
  'Council',
  'House',
  'Bank',
  'University',
  'Court',
  'Office',
  'League',
  'Organisation',
  'Organization',
  'Union',
  'Federation',
  'Association',
]);
