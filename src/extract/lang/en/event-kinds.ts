/**
 * Event kinds of English news, one record per kind of trigger: the words that report an event, the
 * EventKind it is stored as, and how it behaves (generic nouns refer back, verbs take their subject,
 * weak words need a military context…). A new event word or kind is an edit of this table only.
 */
import type { EventKind } from '../../../annotation/format.ts';

export interface Trigger {
  kind: EventKind;
  /** Refers back to an earlier event of a compatible kind when definite ("the meeting"). */
  generic?: boolean;
  /** Needs a military modifier or actor to count ("operations"). */
  weak?: boolean;
  phone?: boolean;
  /** A verb: the words before it are its subject, not modifiers. */
  verb?: boolean;
  /** Later mentions refer to the same event even without "the" ("MPs voted… Labour MPs voted"). */
  merge?: boolean;
  /** Events of one family refer to each other; defaults to the kind ("vote" and "test" are both OTHER). */
  family?: string;
  /** Counts only when the next word is one of these ("fighting around X", not "fighting poverty"). */
  next?: RegExp;
  /** Counts only after one of these modifiers ("nuclear test", not "a test of resolve"), unless definite. */
  needs?: RegExp;
  /** The noun an event found from a verb is named with ("shot down" → "downing"). */
  noun?: string;
  /** "X hosted Y": the subject hosts the meeting. */
  host?: boolean;
  /** Does not count when the words after it match ("met its commitments"). */
  notAfter?: RegExp;
  /** Counts only in a sentence that matches, or when definite ("agreed a truce", not "calls for truce"). */
  context?: RegExp;
  /** A trigger learned from annotated text rather than listed here: the share of its uses that were events. */
  learned?: number;
}

export const EVENT_TRIGGERS: [string[], Trigger][] = [
  [['summit', 'summits'], { kind: 'SUMMIT' }],
  [['meeting', 'talks', 'negotiations', 'consultations'], { kind: 'MEETING', generic: true }],
  [
    ['met', 'meets'],
    {
      kind: 'MEETING',
      generic: true,
      verb: true,
      noun: 'meeting',
      notAfter:
        /^\s+(?:[\w-]+\s+){0,2}(commitments?|obligations?|demands?|targets?|requirements?|criteria|conditions?|goals?|deadlines?|expectations|standards?|needs|resistance|opposition|criticism|scepticism|skepticism|approval|condemnation|fate|death|end)\b/i,
    },
  ],
  [
    [
      'phone call',
      'phone conversation',
      'telephone conversation',
      'telephone call',
      'phone talks',
      'telephone talks',
      'over phone',
      'by phone',
      'by telephone',
      'over the phone',
    ],
    { kind: 'OTHER', phone: true },
  ],
  [
    ['hosted', 'hosts'],
    { kind: 'MEETING', generic: true, verb: true, noun: 'meeting', host: true, next: /^\p{Lu}/u },
  ],
  [['visit', 'visits', 'state visit', 'official visit'], { kind: 'OTHER', family: 'visit' }],
  [
    [
      'attack',
      'attacks',
      'assault',
      'assaults',
      'bombing',
      'bombings',
      'suicide bombing',
      'suicide bombings',
      'killings',
      'massacre',
      'slaughter',
      'shooting',
      'shootings',
      'stabbing',
      'ambush',
      'hostage-taking',
    ],
    { kind: 'ATTACK' },
  ],
  [
    [
      'air strikes',
      'air strike',
      'airstrikes',
      'airstrike',
      'air raids',
      'air campaign',
      'military action',
      'military operation',
      'military operations',
      'military campaign',
      'military intervention',
      'ground operation',
      'ground offensive',
      'offensive',
      'shelling',
      'bombardment',
      'bombing campaign',
      'invasion',
      'annexation',
      'incursion',
      'coup',
      'coup attempt',
      'downing',
    ],
    { kind: 'MILITARY_ACTION' },
  ],
  [
    ['shot down', 'shoot down', 'shoots down', 'shooting down', 'downed'],
    { kind: 'MILITARY_ACTION', verb: true, noun: 'downing' },
  ],
  [['invaded'], { kind: 'MILITARY_ACTION', verb: true, noun: 'invasion' }],
  [['annexed'], { kind: 'MILITARY_ACTION', verb: true, noun: 'annexation' }],
  [['shelled'], { kind: 'MILITARY_ACTION', verb: true, noun: 'shelling' }],
  [
    ['fighting', 'clashes'],
    { kind: 'MILITARY_ACTION', next: /^(around|in|near|between|for|raged|erupted|flared|continued|broke)$/i },
  ],
  [['operations', 'action', 'strikes', 'raids', 'intervention'], { kind: 'MILITARY_ACTION', weak: true }],
  [['press conference', 'news conference', 'press briefing', 'news briefing'], { kind: 'PRESS_CONFERENCE' }],
  [['conference', 'forum'], { kind: 'CONFERENCE', generic: true }],
  [['agreement', 'deal', 'accord', 'treaty', 'consensus', 'pact'], { kind: 'AGREEMENT' }],
  [
    ['ceasefire', 'cease-fire', 'truce', 'armistice'],
    {
      kind: 'AGREEMENT',
      context:
        /\b(agreed|agree|agrees|signed|sign|reached|brokered|declared|announced|struck|sealed|effect|violat\w*|broke|collapsed)\b/i,
    },
  ],
  [['agreed'], { kind: 'AGREEMENT', verb: true, noun: 'agreement' }],
  [['vote', 'referendum', 'election', 'elections'], { kind: 'OTHER', merge: true, family: 'vote' }],
  [['voted'], { kind: 'OTHER', merge: true, verb: true, family: 'vote', noun: 'vote' }],
  [
    ['test', 'tests'],
    {
      kind: 'OTHER',
      merge: true,
      family: 'test',
      needs: /^(nuclear|atomic|hydrogen|bomb|H-bomb|missile|rocket|weapons?)$/i,
    },
  ],
  [['arrest', 'arrested', 'detained'], { kind: 'OTHER', family: 'arrest', verb: true, noun: 'arrest' }],
  [
    ['resignation', 'resign', 'resigned', 'resigns', 'stand down', 'step down', 'steps down', 'stepped down'],
    { kind: 'OTHER', family: 'resignation', verb: true, noun: 'resignation' },
  ],
  // Crimes, disasters, appointments and protests: the events readers of local and world news ask about.
  [['shot', 'shot dead', 'opened fire', 'gunned down'], { kind: 'ATTACK', verb: true, noun: 'shooting' }],
  [['murder', 'murders', 'killing', 'homicide', 'stabbings'], { kind: 'ATTACK' }],
  [['killed', 'murdered', 'stabbed'], { kind: 'ATTACK', verb: true, noun: 'killing' }],
  [['bomb attack', 'car bomb', 'explosion', 'blast', 'arson'], { kind: 'ATTACK', family: 'explosion' }],
  [
    [
      'earthquake',
      'quake',
      'tremor',
      'tsunami',
      'flood',
      'floods',
      'flooding',
      'hurricane',
      'cyclone',
      'typhoon',
      'storm',
      'wildfire',
      'bushfire',
      'fire',
      'blaze',
      'landslide',
      'eruption',
      'drought',
    ],
    { kind: 'OTHER', family: 'disaster' },
  ],
  [['crash', 'collision', 'accident', 'hit-and-run', 'derailment'], { kind: 'OTHER', family: 'accident' }],
  [['crashed', 'collided', 'derailed'], { kind: 'OTHER', family: 'accident', verb: true, noun: 'crash' }],
  [['died', 'death'], { kind: 'OTHER', family: 'death', verb: true, noun: 'death' }],
  [['escape', 'jailbreak', 'prison break'], { kind: 'OTHER', family: 'escape' }],
  [['escaped', 'fled custody'], { kind: 'OTHER', family: 'escape', verb: true, noun: 'escape' }],
  [['robbery', 'heist', 'theft', 'burglary', 'raid'], { kind: 'OTHER', family: 'robbery' }],
  [['robbed', 'stole'], { kind: 'OTHER', family: 'robbery', verb: true, noun: 'robbery' }],
  [
    ['charged', 'convicted', 'sentenced', 'indicted', 'acquitted'],
    { kind: 'OTHER', family: 'trial', verb: true, noun: 'trial' },
  ],
  [['trial', 'conviction', 'sentencing', 'verdict'], { kind: 'OTHER', family: 'trial' }],
  [
    ['elected', 're-elected', 'won the election'],
    { kind: 'OTHER', family: 'vote', verb: true, noun: 'election' },
  ],
  [
    ['appointed', 'named as', 'nominated', 'sworn in'],
    { kind: 'OTHER', family: 'appointment', verb: true, noun: 'appointment' },
  ],
  [['appointment', 'nomination', 'inauguration', 'swearing-in'], { kind: 'OTHER', family: 'appointment' }],
  [
    ['protest', 'protests', 'demonstration', 'demonstrations', 'rally', 'rallies'],
    { kind: 'OTHER', family: 'protest' },
  ],
  [
    ['protested', 'demonstrated', 'rallied', 'marched'],
    { kind: 'OTHER', family: 'protest', verb: true, noun: 'protest' },
  ],
];

/**
 * Words the learned trigger classifier never reads as events: particles of phrasal verbs ("broke out",
 * "set off" — the verb is the trigger), prepositions, pronouns and auxiliaries. Speech verbs ("said", "told") are left to
 * the claim stage through the reporting-verb table.
 */
export const NOT_TRIGGER_WORDS = new Set(
  (
    'out off down up away back over forward on in around ' +
    'between against among amid toward towards within without across along despite during via per upon ' +
    'it its they them their us we our he him his she her i me my you your one ones who whom whose ' +
    'is are was were be been being am has have had having do does did done will would can could may ' +
    'might must shall should ought not'
  ).split(' '),
);
