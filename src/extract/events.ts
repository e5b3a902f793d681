/**
 * Stage 9 — events. Finds event nouns and verbs from a general trigger list (summit, talks, phone call,
 * attack, air strikes, press conference, agreement, vote…), names each event from the words in front of
 * its trigger ("G20 summit"), and merges later references ("the two-day meeting", "the summit") into the
 * event they refer back to. Participants and roles come from the entities in the trigger's sentence
 * (a demonym before "air strikes" is the perpetrator, "against X" the target); place and country from
 * "in <place>"; dates from dates.ts, resolved against the publication date.
 */
import type { EventAnnotation, EventKind, Participant, ParticipantRole } from '../annotation/format.ts';
import { addDays, dayOfEvent, dayOffset, durationDays, findDateExpressions } from './dates.ts';
import type { EntityTable, LocatedEntity } from './entities.ts';
import { mentionIndex, slugify } from './entities.ts';
import { learnedTriggerConfidence, stemOf } from './events-triggers.ts';
import { EVENT_TRIGGERS as TRIGGERS, type Trigger } from './lang/en/event-kinds.ts';
import { countryLexicon } from './lexicon/countries.ts';
import { PhraseIndex } from './lexicon/phrase-index.ts';
import { isFunctionWord } from './lexicon/words.ts';
import { datelineTokens, type Segmented, type Sentence, type Token } from './segment.ts';

/** How sure an event found by a record of the language pack is; learned triggers carry the model's own. */
const RECORD_CONFIDENCE = 0.9;

/**
 * A word the trigger classifier (models/event-triggers/model.json) finds to report an event and no record
 * of the language pack holds: an event of its own family, named by its word. Mentions of one stem in an
 * article are one event ("the blaze… the blaze"), as within-document coreference has them.
 */
function learnedTriggerAt(tokens: readonly Token[], i: number, sentence: Sentence) {
  const confidence = learnedTriggerConfidence(tokens, i, sentence);
  if (confidence === undefined) return undefined;
  const form = (tokens[i] as Token).text.toLowerCase();
  const value: Trigger = {
    kind: 'OTHER',
    family: `learned-${stemOf(form)}`,
    verb: true,
    merge: true,
    noun: form,
    learned: confidence,
  };
  return { tokenEnd: i + 1, value };
}

let generic: Set<string> | undefined;
/** Names that are a bare trigger word or its noun: "meeting", "press conference", "arrest". */
function genericNames(): Set<string> {
  generic ??= new Set(
    TRIGGERS.flatMap(([phrases, trigger]) => [...phrases, ...(trigger.noun ? [trigger.noun] : [])]).concat(
      'phone call',
    ),
  );
  return generic;
}

const familyOf = (trigger: Trigger) => trigger.family ?? (trigger.phone ? 'phone' : trigger.kind);

let triggers: PhraseIndex<Trigger> | undefined;
function triggerIndex(): PhraseIndex<Trigger> {
  if (triggers) return triggers;
  triggers = new PhraseIndex<Trigger>(false);
  for (const [phrases, trigger] of TRIGGERS) for (const phrase of phrases) triggers.add(phrase, trigger);
  return triggers;
}

const GATHERINGS = new Set<EventKind>(['SUMMIT', 'MEETING', 'CONFERENCE']);
const MODIFIER_WORD =
  /^(\p{Lu}[\p{L}\p{N}-]*|\p{N}+|\p{L}+-(day|hour|point|nation|party|way)|emergency|extraordinary|donors|donor|peace|annual|nuclear|atomic|hydrogen|bomb|missile|rocket|climate|ceasefire|landmark|historic|new|final|marathon|overnight|all-night|bilateral|trilateral|closed-door|regular|joint|terror|terrorist|suicide|military|ground|border|migrant|migration|refugee|security|trade|informal|formal|fresh|deadly|previous|failed)$/u;
/** Organisations that report events rather than take part in them. */
const MEDIA =
  /\b(Reuters|Associated Press|Agence France|AFP|Xinhua|Interfax|TASS|RIA|Al Jazeera|BBC|CNN|Sky News|Press Association|News|Agency|Television|TV|Radio|Times|Post|Journal|Guardian|Telegraph|Herald|Tribune)\b/;
/** Verbs that make the entities before an event noun its participants ("X and Y held talks"). */
const TAKE_PART =
  /\b(held|hold|holds|holding|reached|reach|reaches|struck|strike|strikes|signed|sign|signs|sealed|seal|seals|agreed|agree|agrees|chaired|chairs|chair|hosted|hosts|host|hosting|attended|attend|attends|attending|adopted|adopt|adopts|concluded|convened|opened|joined|began|start(ed)?|resumed|negotiated|brokered|have|has|had)\b/i;
/** Verbs that make the entities before an attack or a military action its perpetrators. */
const CARRY_OUT =
  /\b(claim(s|ed|ing)? responsibility|responsible for|carr(y|ied|ies|ying) out|launch(ed|es|ing)?|unleash(ed|es)?|behind|conduct(ed|s|ing)?|stag(e|ed|es|ing)|mount(ed|s|ing)?|began|start(ed)?|step(ped)? up|intensif(y|ied))\b/i;
/** What ends the clause an event noun's complement can run in. */
const CLAUSE_END = /^([.;:!?"“”]|said|says|told|which|who|where|when|while|but)$/i;
/** Prepositions that make the next entity a place or a time, not a participant. */
const LOCATIVE = /^(in|at|from|to|into|near|across|over|around|inside|outside|toward|towards|through|of)$/i;
/** What puts talks in the future or the conditional ("return to negotiations", "calls for talks"). */
const HYPOTHETICAL =
  /\b(return(s|ed|ing)? to|back to|resum(e|es|ed|ing)|restart(s|ed|ing)?|call(s|ed|ing)? for|push(es|ed|ing)? for|urg(e|es|ed|ing) [^,.;]{0,30}to|open to|ready for|willing to|refus(e|es|ed|ing) [^,.;]{0,20})\s+$/i;
/** Words that make a person or group before an attack its suspected perpetrator. */
const SUSPECT =
  /\b(suspects?|suspected|accused|mastermind|masterminds|gunman|gunmen|bombers?|attackers?|perpetrators?|ringleader)\b.{0,30}\b(in|of|behind|for)\b/i;
const isMedia = (name: string | undefined) => !!name && MEDIA.test(name);

export interface EventContext {
  segmented: Segmented;
  table: EntityTable;
  publishedAt?: string;
  /** The headline: "… after all-night summit" names the talks of the body a summit. */
  title?: string;
}

export interface EventMention {
  eventKey: string;
  start: number;
  end: number;
  sentence: number;
}

interface Draft {
  event: EventAnnotation;
  family: string;
  /** Entity key that identifies the event: the organising body, the perpetrator, or the place. */
  identity?: string;
  phone?: boolean;
  durationDays?: number;
  /** A place named in front of the trigger ("the Paris attacks"): used when no "in <place>" is found. */
  modifierPlace?: string;
  /** Paragraph of the first mention. */
  paragraph: number;
  /** "a second referendum", "previous tests": later definite references mean the main event instead. */
  secondary?: boolean;
  confidence: number;
  /** The article's story event, made of learned trigger words: kept without participant, place or date. */
  story?: boolean;
}

/** A mention waiting for its event: a learned trigger word, or a mention of an anchorless record event. */
interface PendingMention {
  start: number;
  end: number;
  sentence: Sentence;
  token?: number;
  trigger?: Trigger;
  orphan?: Draft;
}

/** An event the graph can place: it has a participant, a place, a country or a date, or is the story. */
const isAnchored = (d: Draft) =>
  !!d.story || d.event.participants.length > 0 || !!d.event.place || !!d.event.country || !!d.event.date;

/** Index of the first item whose `key` is at least `value`, in a list sorted by `key`. */
function firstAtLeast<T>(list: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Mentions within [from, to]: a binary search into the start-sorted table, so long articles stay linear. */
function entitiesIn(table: EntityTable, from: number, to: number): LocatedEntity[] {
  const found: LocatedEntity[] = [];
  const { mentions } = table;
  for (let i = firstAtLeast(mentions, (m) => m.start, from); i < mentions.length; i++) {
    const m = mentions[i] as LocatedEntity;
    if (m.start >= to) break;
    if (m.end <= to) found.push(m);
  }
  return found;
}

/**
 * Each participant list's first participant per entity, and each evidence list's starts, kept beside
 * the lists: the main event of a long article gathers thousands of both, and every new one asked
 * whether it was already there. The lists only grow (or are replaced by new lists), so each index reads
 * only what was appended since it was last asked.
 */
const participantIndex = new WeakMap<
  readonly Participant[],
  { byEntity: Map<string, Participant>; seen: number }
>();
const evidenceIndex = new WeakMap<
  readonly EventAnnotation['evidence'][number][],
  { starts: Set<number>; seen: number }
>();

/** event.participants.find((p) => p.entity === entity). */
export function participantOf(event: EventAnnotation, entity: string): Participant | undefined {
  const list = event.participants;
  let index = participantIndex.get(list);
  if (!index || index.seen > list.length) {
    index = { byEntity: new Map(), seen: 0 };
    participantIndex.set(list, index);
  }
  for (; index.seen < list.length; index.seen++) {
    const p = list[index.seen] as Participant;
    if (!index.byEntity.has(p.entity)) index.byEntity.set(p.entity, p);
  }
  return index.byEntity.get(entity);
}

/** Whether a span of the event's evidence starts at `start`. */
export function hasEvidenceAt(event: EventAnnotation, start: number): boolean {
  const list = event.evidence;
  let index = evidenceIndex.get(list);
  if (!index || index.seen > list.length) {
    index = { starts: new Set(), seen: 0 };
    evidenceIndex.set(list, index);
  }
  for (; index.seen < list.length; index.seen++) {
    const e = list[index.seen];
    if (typeof e === 'object' && 'start' in e) index.starts.add(e.start);
  }
  return index.starts.has(start);
}

function addParticipant(event: EventAnnotation, entity: string, role: ParticipantRole): void {
  const existing = participantOf(event, entity);
  if (existing) return;
  event.participants.push({ entity, role } as Participant);
}

class EventBuilder {
  readonly drafts: Draft[] = [];
  readonly mentions: EventMention[] = [];
  private readonly usedKeys = new Set<string>();
  /** Lookups that would otherwise scan every draft or mention for each trigger. */
  private readonly draftsByKey = new Map<string, Draft>();
  /** The first draft of each family and name: an article that names an event again means the same one. */
  private readonly draftsByName = new Map<string, Draft>();
  private readonly mentionsBySentence = new Map<number, EventMention[]>();
  private readonly nextKeySuffix = new Map<string, number>();
  /** Words the trigger classifier found, attached once every record trigger is known (see `attachLearned`). */
  private readonly learned: { token: number; sentence: Sentence; trigger: Trigger }[] = [];
  /** The article's main event, which learned trigger words outside any event's sentence refer to. */
  private story: Draft | undefined;

  /** End offset of the dateline ("VIENNA (AP) —"): what it names reports, it does not take part. */
  private readonly datelineEnd: number;
  /** The entity mention each token belongs to, built on first use. */
  private covering: (LocatedEntity | undefined)[] | undefined;

  constructor(private readonly context: EventContext) {
    const dateline = datelineTokens(context.segmented);
    const agency = dateline ? context.segmented.body.indexOf(')', 0) : -1;
    this.datelineEnd = dateline && agency >= 0 && agency < 60 ? agency + 1 : 0;
  }

  private get tokens(): readonly Token[] {
    return this.context.segmented.tokens;
  }

  private byKey(key: string): Draft | undefined {
    return this.draftsByKey.get(key);
  }

  private addMention(mention: EventMention): void {
    this.mentions.push(mention);
    const list = this.mentionsBySentence.get(mention.sentence);
    if (list) list.push(mention);
    else this.mentionsBySentence.set(mention.sentence, [mention]);
  }

  /** The event mentions of one sentence, in the order they were found. */
  private inSentence(sentence: number): readonly EventMention[] {
    return this.mentionsBySentence.get(sentence) ?? [];
  }

  private text(from: number, to: number): string {
    return this.context.segmented.body.slice(from, to);
  }

  private entityName(key: string): string | undefined {
    return this.context.table.byKey(key)?.name;
  }

  private mentionCovering(token: number): LocatedEntity | undefined {
    if (!this.covering) {
      this.covering = [];
      for (const m of this.context.table.mentions)
        for (let t = m.tokenStart; t < m.tokenEnd; t++) this.covering[t] ??= m;
    }
    return this.covering[token];
  }

  /** Index of the first modifier token in front of the trigger ("G20", "Russian", "two-day"). */
  private modifierStart(at: number, sentence: Sentence): number {
    let start = at;
    while (start > sentence.tokenStart && start > at - 4) {
      const previous = this.tokens[start - 1] as Token;
      if (previous.text === "'s" || previous.text === '’s' || previous.text === "'") {
        start--;
        continue;
      }
      // "Northern Water Council (NWC) meeting": the acronym in brackets names the event.
      if (previous.text === ')' && this.tokens[start - 3]?.text === '(') {
        start -= 2;
        break;
      }
      // "13-point deal", "EU-Turkey summit": a hyphen between a number or a name and a word.
      if (previous.text === '-' && start - 1 > sentence.tokenStart) {
        start--;
        continue;
      }
      if (!MODIFIER_WORD.test(previous.text) || isFunctionWord(previous.text)) break;
      // A capitalised first word of a sentence or quote is a modifier only when it names something.
      const before = this.tokens[start - 2];
      const opensClause = start - 1 === sentence.tokenStart || /^["“”‘’':]+$/.test(before?.text ?? '');
      if (opensClause && /^\p{Lu}\p{Ll}/u.test(previous.text) && !this.mentionCovering(start - 1)) break;
      start--;
    }
    if (this.tokens[start]?.text === '-') start++;
    return start;
  }

  private setPlace(event: EventAnnotation, key: string): void {
    if (event.place) return;
    event.place = key;
    const country = this.context.table.byKey(key)?.country;
    if (country && !event.country) event.country = country;
  }

  /** "Paris" in "the Paris attacks" says where, "Russian" in "Russian air strikes" says who. */
  private namesLocation(m: LocatedEntity): boolean {
    if (m.kind !== 'COUNTRY') return false;
    const form = countryLexicon().index.matchAt(this.tokens, m.tokenStart)?.value.form;
    return form === 'capital' || (form === 'name' && this.tokens[m.tokenEnd]?.text !== "'s");
  }

  /** A place mention's key; for a capital named as its country ("Paris" for France), the city if known. */
  private placeOf(m: LocatedEntity): string {
    if (m.kind !== 'COUNTRY') return m.key;
    const written = this.text(m.start, m.end);
    return this.context.table.entities.find((e) => e.kind === 'PLACE' && e.name === written)?.key ?? m.key;
  }

  /** "the Austrian capital": the place entity of that country's capital, when the article names it. */
  private capitalOf(countryKey: string): string | undefined {
    const code = this.context.table.byKey(countryKey)?.code;
    const capital = code ? countryLexicon().byCode.get(code)?.capital : undefined;
    if (!capital) return undefined;
    return this.context.table.entities.find((e) => e.kind === 'PLACE' && e.name === capital)?.key;
  }

  private locate(event: EventAnnotation, sentence: Sentence, triggerEnd: number): void {
    const { table } = this.context;
    const triggerToken = firstAtLeast(this.tokens, (t) => t.end, triggerEnd);
    const afterTrigger = entitiesIn(table, triggerEnd, sentence.end);
    for (const m of afterTrigger) {
      const before = this.tokens[m.tokenStart - 1]?.text.toLowerCase();
      const distance = m.tokenStart - triggerToken;
      if (distance > 14) break;
      if (
        this.tokens
          .slice(triggerToken + 1, m.tokenStart)
          .some((t) => CLAUSE_END.test(t.text) || t.text === ',')
      )
        break;
      // "to rein in Tehran's programme": a possessive is not where the event happens.
      if (/^['’]s?$/.test(this.tokens[m.tokenEnd]?.text ?? '')) continue;
      const capital =
        m.kind === 'COUNTRY' && /^capital$/i.test(this.tokens[m.tokenEnd]?.text ?? '')
          ? this.capitalOf(m.key)
          : undefined;
      const viaThe = before === 'the' ? this.tokens[m.tokenStart - 2]?.text.toLowerCase() : undefined;
      if (capital && (viaThe === 'in' || viaThe === 'at')) {
        this.setPlace(event, capital);
        continue;
      }
      if (!/^(in|at|of|around|near|outside)$/.test(before ?? '')) continue;
      if (m.kind === 'PLACE') this.setPlace(event, m.key);
      if (m.kind === 'COUNTRY' && !event.country) event.country = m.key;
    }
  }

  /** "In Seoul, the president chaired an emergency meeting": a sentence's opening place. */
  private openingPlace(sentence: Sentence): LocatedEntity | undefined {
    const first = this.tokens[sentence.tokenStart];
    if (!first || !/^(in|at)$/i.test(first.text)) return undefined;
    const place = mentionIndex(this.context.table)
      .startingAt(sentence.tokenStart + 1)
      .find((m) => m.kind === 'PLACE');
    return place && this.tokens[place.tokenEnd]?.text === ',' ? place : undefined;
  }

  /** Start of the clause a token is in: after the last semicolon, quote mark or dash before it. */
  private clauseStart(at: number, sentence: Sentence): number {
    let start = at;
    while (start > sentence.tokenStart && !/^([;"“”]|--|[–—])$/.test(this.tokens[start - 1]?.text ?? ''))
      start--;
    return start;
  }

  /** Entities named before the trigger in its clause, as its subject ("Iran and six powers reached…"). */
  private subjects(sentence: Sentence, from: number, verbs: RegExp | undefined): LocatedEntity[] {
    const { table } = this.context;
    const clause = this.clauseStart(from, sentence);
    const clauseFrom = (this.tokens[clause] as Token).start;
    const to = (this.tokens[from] as Token).start;
    const found: LocatedEntity[] = [];
    for (const m of entitiesIn(table, clauseFrom, to)) {
      if (from - m.tokenEnd > 14) continue;
      if (m.kind === 'PLACE' || isMedia(this.entityName(m.key)) || m.end <= this.datelineEnd) continue;
      if (
        LOCATIVE.test(this.tokens[m.tokenStart - 1]?.text ?? '') &&
        this.tokens[m.tokenStart - 2]?.text !== 'leaders'
      )
        continue;
      const between = this.text(m.end, to);
      // "X said Y attacked" names a speaker; "X said it was behind the attack" a claimant.
      const speech = /\b(said|says|told|tells|warned|added|according)\b/i.test(between);
      if (speech && !/\b(said|says|claimed|claims)\s+(that\s+)?(it|its|they|their)\b/i.test(between))
        continue;
      if (verbs && !verbs.test(between)) continue;
      found.push(m);
    }
    return found;
  }

  /** "talks with X", "talks between X and Y", "a deal with Turkey": the entities of the complement. */
  private complements(sentence: Sentence, triggerTo: number): LocatedEntity[] {
    const opener = this.tokens[triggerTo]?.text.toLowerCase();
    if (!opener || !/^(with|between|among|involving|by)$/.test(opener)) return [];
    let end = triggerTo + 1;
    while (end < sentence.tokenEnd && end < triggerTo + 16) {
      const t = this.tokens[end] as Token;
      if (CLAUSE_END.test(t.text) || (LOCATIVE.test(t.text) && !this.mentionCovering(end))) break;
      end++;
    }
    const from = (this.tokens[triggerTo] as Token).end;
    const to = (this.tokens[end - 1] as Token).end;
    return entitiesIn(this.context.table, from, to).filter(
      (m) => m.kind !== 'PLACE' && !isMedia(this.entityName(m.key)),
    );
  }

  private assignRoles(
    draft: Draft,
    trigger: Trigger,
    sentence: Sentence,
    modifierFrom: number,
    triggerTo: number,
  ): void {
    const { table } = this.context;
    const event = draft.event;
    const triggerStart = (this.tokens[modifierFrom] as Token).start;
    const triggerEnd = (this.tokens[triggerTo - 1] as Token).end;
    const inSentence = entitiesIn(table, sentence.start, sentence.end);
    const modifiers = inSentence.filter((m) => m.start >= triggerStart && m.end <= triggerEnd);
    const kind = event.kind;
    if (kind === 'ATTACK' || kind === 'MILITARY_ACTION') {
      for (const m of modifiers)
        if (m.kind !== 'PLACE' && !this.namesLocation(m)) addParticipant(event, m.key, 'PERPETRATOR');
      // "X, the main suspect in the attacks", "the gunman behind the shooting".
      for (const m of this.subjects(sentence, modifierFrom, SUSPECT))
        addParticipant(event, m.key, 'PERPETRATOR');
      const actors = this.subjects(sentence, modifierFrom, trigger.verb ? undefined : CARRY_OUT).filter(
        (m) => m.kind !== 'PERSON',
      );
      for (const m of actors) addParticipant(event, m.key, 'PERPETRATOR');
      const opener = this.tokens[triggerTo]?.text.toLowerCase();
      if (opener === 'by')
        for (const m of this.complements(sentence, triggerTo))
          if (m.kind !== 'PERSON') addParticipant(event, m.key, 'PERPETRATOR');
      for (const m of inSentence.filter((x) => x.start >= triggerEnd)) {
        const before = this.tokens[m.tokenStart - 1]?.text.toLowerCase();
        const direct = trigger.verb && m.tokenStart - triggerTo <= 3 && m.kind !== 'PLACE';
        if (direct && !LOCATIVE.test(before ?? '') && !actors.includes(m))
          addParticipant(event, m.key, 'TARGET');
        const near = m.tokenStart - triggerTo <= 6;
        if (near && (before === 'against' || before === 'on') && m.kind !== 'PLACE' && m.kind !== 'COUNTRY')
          addParticipant(event, m.key, 'TARGET');
      }
      return;
    }
    const gathering = GATHERINGS.has(kind) || kind === 'PRESS_CONFERENCE';
    for (const m of modifiers) {
      if (m.kind === 'ORGANIZATION' && !isMedia(this.entityName(m.key)))
        addParticipant(event, m.key, gathering ? 'ORGANIZER' : 'ATTENDEE');
      if (m.kind === 'COUNTRY' && kind !== 'PRESS_CONFERENCE') addParticipant(event, m.key, 'ATTENDEE');
    }
    // Everyone named in the sentence of a gathering, a call, a visit or a deal took part in it; a vote, a
    // test, an arrest or a resignation has only its subject.
    const takesAll = gathering || draft.phone || draft.family === 'visit' || kind === 'AGREEMENT';
    if (takesAll)
      for (const m of inSentence) if (m.kind === 'PERSON') addParticipant(event, m.key, 'ATTENDEE');
    const hostedBy = this.text(triggerEnd, sentence.end).match(/^[^.;]{0,80}?\bhosted by\b/);
    for (const m of inSentence) {
      if (m.kind !== 'PERSON' && m.kind !== 'COUNTRY') continue;
      if (
        hostedBy &&
        m.start >= triggerEnd + hostedBy[0].length &&
        m.start <= triggerEnd + hostedBy[0].length + 60
      ) {
        addParticipant(event, m.key, 'HOST');
        const existing = participantOf(event, m.key);
        if (existing) existing.role = 'HOST';
      }
    }
    if (kind === 'PRESS_CONFERENCE') return;
    const verbs = trigger.verb ? undefined : draft.family === 'test' ? CARRY_OUT : TAKE_PART;
    for (const m of this.subjects(sentence, modifierFrom, verbs)) {
      if (draft.family === 'arrest' && m.kind === 'COUNTRY') continue;
      const between = this.text(m.end, triggerStart);
      const hosting = trigger.host || /\b(hosted|hosts|host|hosting)\b/i.test(between);
      const role: ParticipantRole = hosting ? 'HOST' : 'ATTENDEE';
      addParticipant(event, m.key, role);
      const existing = participantOf(event, m.key);
      if (existing && hosting) existing.role = 'HOST';
    }
    for (const m of this.complements(sentence, triggerTo)) addParticipant(event, m.key, 'ATTENDEE');
    // "X hosted Y", "X and Y met": the object of the verb attends too.
    if (trigger.verb && gathering) {
      const object = inSentence.find(
        (m) => m.tokenStart >= triggerTo && m.tokenStart - triggerTo <= 2 && m.kind !== 'PLACE',
      );
      if (object && !isMedia(this.entityName(object.key))) addParticipant(event, object.key, 'ATTENDEE');
    }
    // "chaired a meeting of the National Security Council": the body that meets.
    if (this.tokens[triggerTo]?.text === 'of') {
      const body = inSentence.find(
        (m) => m.kind === 'ORGANIZATION' && m.tokenStart > triggerTo && m.tokenStart - triggerTo <= 6,
      );
      if (body) addParticipant(event, body.key, 'ORGANIZER');
    }
  }

  /** "A fire destroyed a depot… A fire destroyed a depot…": the same words name the same event. */
  private sameNamed(trigger: Trigger, name: string): Draft | undefined {
    const draft = this.draftsByName.get(`${familyOf(trigger)}|${name.toLowerCase()}`);
    return draft && !draft.secondary ? draft : undefined;
  }

  private findEarlier(
    trigger: Trigger,
    identity: string | undefined,
    definite: boolean,
    sentence: Sentence,
  ): Draft | undefined {
    const family = familyOf(trigger);
    const all = this.drafts.filter((d) =>
      trigger.phone ? d.phone : trigger.generic ? GATHERINGS.has(d.event.kind) : d.family === family,
    );
    const primary = all.filter((d) => !d.secondary);
    const compatible = primary.length ? primary : all;
    // "agreed on Thursday a new ceasefire", "voted … in a referendum": one event, named twice in a sentence.
    const sameSentence =
      trigger.kind === 'ATTACK' || trigger.kind === 'MILITARY_ACTION'
        ? []
        : this.drafts.filter(
            (d) =>
              d.family === family &&
              !d.phone &&
              (!identity || !d.identity || d.identity === identity) &&
              this.inSentence(sentence.index).some((m) => m.eventKey === d.event.key),
          );
    if (sameSentence.length && !/\bsidelines\b/i.test(this.text(sentence.start, sentence.end)))
      return sameSentence.at(-1);
    if (identity) {
      const same = compatible.filter((d) => d.identity === identity);
      if (same.length) return same.at(-1);
      if (trigger.kind === 'MILITARY_ACTION' || trigger.kind === 'AGREEMENT' || trigger.generic) {
        const anonymous = compatible.filter((d) => !d.identity);
        if (anonymous.length) return anonymous.at(-1);
      }
      return undefined;
    }
    if (definite || trigger.merge || trigger.kind === 'MILITARY_ACTION' || trigger.kind === 'ATTACK')
      return compatible.at(-1);
    return undefined;
  }

  private newDraft(
    kind: EventKind,
    name: string,
    trigger: Trigger,
    identity: string | undefined,
    sentence: Sentence,
    evidenceStart: number,
    evidenceEnd: number,
  ): Draft {
    const base = slugify(name) || 'event';
    let key = base;
    // Suffixes below the remembered one are all taken already: keys are never given back.
    let n = this.nextKeySuffix.get(base) ?? 2;
    for (; this.usedKeys.has(key); n++) key = `${base}-${n}`;
    this.nextKeySuffix.set(base, n);
    this.usedKeys.add(key);
    const draft: Draft = {
      event: { key, name, kind, participants: [], evidence: [{ start: evidenceStart, end: evidenceEnd }] },
      family: familyOf(trigger),
      paragraph: sentence.paragraph,
      ...(identity ? { identity } : {}),
      ...(trigger.phone ? { phone: true } : {}),
      confidence: trigger.learned === undefined ? RECORD_CONFIDENCE : Math.round(trigger.learned * 100) / 100,
    };
    this.drafts.push(draft);
    this.draftsByKey.set(key, draft);
    const named = `${draft.family}|${name.toLowerCase()}`;
    if (!this.draftsByName.has(named)) this.draftsByName.set(named, draft);
    return draft;
  }

  private identityOf(
    trigger: Trigger,
    modifiers: LocatedEntity[],
    sentence: Sentence,
    triggerEnd: number,
  ): string | undefined {
    const org = modifiers.find((m) => m.kind === 'ORGANIZATION');
    if (org) return org.key;
    if (trigger.kind === 'MILITARY_ACTION') return modifiers.find((m) => m.kind !== 'PLACE')?.key;
    if (trigger.kind === 'ATTACK') {
      const place =
        modifiers.find((m) => m.kind === 'PLACE' || this.namesLocation(m)) ??
        entitiesIn(this.context.table, triggerEnd, sentence.end).find(
          (m) => m.kind === 'PLACE' && m.start - triggerEnd < 30,
        );
      return place?.key;
    }
    return undefined;
  }

  private isMilitaryContext(sentence: Sentence, modifiers: LocatedEntity[]): boolean {
    const text = this.text(sentence.start, sentence.end);
    return (
      modifiers.some((m) => m.kind === 'COUNTRY' || m.kind === 'ORGANIZATION') &&
      /\b(military|troops|forces|jets|bomb|strikes|operations|army|militants)\b/i.test(text)
    );
  }

  /** The kind a trigger takes in its sentence: climate talks are a UN conference. */
  private kindIn(trigger: Trigger, sentence: Sentence, written: string): EventKind {
    if (trigger.kind === 'MEETING' && !trigger.verb) {
      const text = this.text(sentence.start, sentence.end);
      if (/\bclimate\b/i.test(written) || /\bclimate (talks|negotiations|conference|summit)\b/i.test(text))
        return 'CONFERENCE';
      if (/\bclimate\b/i.test(text) && /\b(delegates|plenary|countries|nations)\b/i.test(text))
        return 'CONFERENCE';
    }
    return trigger.kind;
  }

  scan(): void {
    for (const sentence of this.context.segmented.sentences) {
      for (let i = sentence.tokenStart; i < sentence.tokenEnd; i++) {
        // "North Atlantic Treaty Organization", "World Economic Forum": part of a name, not an event noun.
        const inside = this.mentionCovering(i);
        if (inside && (inside.kind === 'ORGANIZATION' || inside.kind === 'PLACE')) continue;
        const record = triggerIndex().matchAt(this.tokens, i);
        if (record && record.tokenEnd <= sentence.tokenEnd && this.recordTrigger(record, i, sentence)) {
          i = record.tokenEnd - 1;
          continue;
        }
        // A word no record takes (or whose record's conditions fail) may still be a learned trigger.
        const learned = inside ? undefined : learnedTriggerAt(this.tokens, i, sentence);
        if (learned) this.learned.push({ token: i, sentence, trigger: learned.value });
      }
    }
  }

  /** An event of a language-pack record at token `i`; false when the record's conditions reject it. */
  private recordTrigger(match: { tokenEnd: number; value: Trigger }, i: number, sentence: Sentence): boolean {
    const { table } = this.context;
    const trigger = match.value;
    if (trigger.next && !trigger.next.test(this.tokens[match.tokenEnd]?.text ?? '')) return false;
    const after = this.text((this.tokens[match.tokenEnd - 1] as Token).end, sentence.end);
    if (trigger.notAfter?.test(after)) return false;
    const modifierFrom = trigger.verb ? i : this.modifierStart(i, sentence);
    const first = this.tokens[modifierFrom] as Token;
    const last = this.tokens[match.tokenEnd - 1] as Token;
    const modifiers = entitiesIn(table, first.start, last.end);
    if (trigger.weak && !this.isMilitaryContext(sentence, modifiers)) return false;
    if (trigger.kind === 'CONFERENCE' && /press|news/i.test(this.tokens[i - 1]?.text ?? '')) return false;
    const determiner = this.tokens[modifierFrom - 1]?.text ?? '';
    // "after 16 hours of negotiations": the duration of talks already reported.
    const lasting =
      determiner === 'of' &&
      /^(hours|days|weeks|months|rounds|years|nights)$/i.test(this.tokens[modifierFrom - 2]?.text ?? '');
    const definite = /^(the|this|that|its|their)$/i.test(determiner) || (lasting && !!trigger.generic);
    // "urged both sides to return to negotiations", "calls for talks": a wish, not an event.
    const lead = this.text(Math.max(sentence.start, first.start - 40), first.start);
    if (trigger.generic && !definite && modifierFrom === i && HYPOTHETICAL.test(lead)) return false;
    if (trigger.context && !definite && !trigger.context.test(this.text(sentence.start, sentence.end)))
      return false;
    const written = this.text(first.start, last.end);
    if (trigger.needs) {
      const qualified = this.tokens.slice(modifierFrom, i).some((t) => trigger.needs?.test(t.text));
      const family = familyOf(trigger);
      if (!qualified && !(definite && this.drafts.some((d) => d.family === family))) return false;
    }
    const kind = this.kindIn(trigger, sentence, written);
    const identity = this.identityOf(trigger, modifiers, sentence, last.end);
    const name = this.eventName(trigger, written, sentence, last.end);
    // "a second referendum", "another attack": a new event of the same family.
    const another = this.tokens
      .slice(Math.max(sentence.tokenStart, modifierFrom - 1), i)
      .some((t) => /^(second|third|another|next|fresh|future|previous|earlier|past|repeat)$/i.test(t.text));
    const earlier = another
      ? undefined
      : (this.findEarlier(trigger, identity, definite, sentence) ?? this.sameNamed(trigger, name));
    const draft = earlier ?? this.newDraft(kind, name, trigger, identity, sentence, first.start, last.end);
    if (another && !earlier) draft.secondary = true;
    if (!hasEvidenceAt(draft.event, first.start)) {
      draft.event.evidence.push({ start: first.start, end: last.end });
    }
    draft.durationDays ??= durationDays(written);
    this.addMention({
      eventKey: draft.event.key,
      start: first.start,
      end: last.end,
      sentence: sentence.index,
    });
    this.locate(draft.event, sentence, last.end);
    if (!earlier) {
      const opening = this.openingPlace(sentence);
      if (opening) this.setPlace(draft.event, opening.key);
    }
    const modifierPlace = modifiers.find((m) => m.kind === 'PLACE' || this.namesLocation(m));
    if (modifierPlace) draft.modifierPlace ??= this.placeOf(modifierPlace);
    this.assignRoles(draft, trigger, sentence, modifierFrom, match.tokenEnd);
    this.date(draft, sentence, last.end);
    return true;
  }

  /**
   * Learned trigger words are mentions of an event the article already has in their sentence (the
   * nearest: "the earthquake struck…"), else of the article's story event: the events ECB+-style
   * annotation finds in one report are mostly its one story told in many verbs, and a graph of an event
   * per verb would bury the events users ask about. The story is the first event the article names, or,
   * when it names none the language pack knows, an event named and placed by its first learned word;
   * later mentions add their spans.
   */
  attachLearned(): void {
    const orphans = new Set(this.drafts.filter((d) => !isAnchored(d)));
    const pending: PendingMention[] = this.learned.map(({ token, sentence, trigger }) => {
      const t = this.tokens[token] as Token;
      return { start: t.start, end: t.end, sentence, token, trigger };
    });
    if (orphans.size) {
      // A record event with no participant, place or date ("the blaze") is a mention of the story too.
      const sentences = this.context.segmented.sentences;
      for (const m of this.mentions) {
        const d = this.byKey(m.eventKey);
        const sentence = sentences[m.sentence];
        if (d && sentence && orphans.has(d))
          pending.push({ start: m.start, end: m.end, sentence, orphan: d });
      }
      this.forget(orphans);
      pending.sort((a, b) => a.start - b.start);
    }
    // News tells its main event first: the first event the article names is its story.
    this.story ??= this.drafts[0];
    for (const p of pending) {
      const nearest = this.inSentence(p.sentence.index).reduce<EventMention | undefined>(
        (best, m) => (!best || Math.abs(m.start - p.start) < Math.abs(best.start - p.start) ? m : best),
        undefined,
      );
      const draft = (nearest && this.byKey(nearest.eventKey)) ?? this.story;
      if (draft) {
        if (!hasEvidenceAt(draft.event, p.start)) draft.event.evidence.push({ start: p.start, end: p.end });
        this.addMention({
          eventKey: draft.event.key,
          start: p.start,
          end: p.end,
          sentence: p.sentence.index,
        });
        continue;
      }
      this.story = p.orphan ? this.revive(p.orphan, p) : this.storyFrom(p);
    }
  }

  /** Drops drafts (and their mentions) that are not events of their own. */
  private forget(drafts: ReadonlySet<Draft>): void {
    const keep = this.drafts.filter((d) => !drafts.has(d));
    this.drafts.splice(0, this.drafts.length, ...keep);
    for (const d of drafts) this.draftsByKey.delete(d.event.key);
    const mentions = this.mentions.filter((m) => this.draftsByKey.has(m.eventKey));
    this.mentions.splice(0, this.mentions.length, ...mentions);
    this.mentionsBySentence.clear();
    for (const m of mentions) {
      const list = this.mentionsBySentence.get(m.sentence);
      if (list) list.push(m);
      else this.mentionsBySentence.set(m.sentence, [m]);
    }
  }

  /** An anchorless record event made the story event, from its first mention on. */
  private revive(draft: Draft, first: PendingMention): Draft {
    draft.story = true;
    draft.event.evidence = [{ start: first.start, end: first.end }];
    this.drafts.push(draft);
    this.draftsByKey.set(draft.event.key, draft);
    this.addMention({
      eventKey: draft.event.key,
      start: first.start,
      end: first.end,
      sentence: first.sentence.index,
    });
    return draft;
  }

  /** The story event named, placed and dated by its first learned trigger word. */
  private storyFrom(p: PendingMention): Draft {
    const trigger = p.trigger as Trigger;
    const token = p.token as number;
    const name = this.eventName(trigger, this.text(p.start, p.end), p.sentence, p.end);
    const story = this.newDraft('OTHER', name, trigger, undefined, p.sentence, p.start, p.end);
    story.story = true;
    this.addMention({ eventKey: story.event.key, start: p.start, end: p.end, sentence: p.sentence.index });
    this.locate(story.event, p.sentence, p.end);
    const opening = this.openingPlace(p.sentence);
    if (opening) this.setPlace(story.event, opening.key);
    this.assignRoles(story, trigger, p.sentence, token, token + 1);
    this.date(story, p.sentence, p.end);
    return story;
  }

  /** "G20 summit" as written; bare or verb triggers get a noun and what follows ("phone call between A and B"). */
  private eventName(trigger: Trigger, written: string, sentence: Sentence, triggerEnd: number): string {
    const bare = written
      .replace(/\)\s*/g, ' ')
      .replace(/^(two|three|one)-day /i, '')
      .replace(/^(the|a|an) /i, '');
    const noun = trigger.phone ? 'phone call' : trigger.verb ? (trigger.noun ?? bare) : bare;
    if (!trigger.phone && !trigger.verb && /\s/.test(bare)) return bare;
    const rest = this.text(triggerEnd, sentence.end);
    const tail =
      /^\s+((?:between|on|over|against|in|of|with)\s+[^,.;:"“”]{3,60}?)(?=[,.;:"“”]|\s+(?:was|were|is|are|has|had|on|said|and then)\b|$)/.exec(
        rest,
      );
    return tail?.[1] ? `${noun} ${tail[1].replace(/\s+(and|or|but)$/, '')}` : noun;
  }

  /** The date expression of the trigger's clause, if the event has none yet. */
  private date(draft: Draft, sentence: Sentence, triggerEnd: number): void {
    if (draft.event.dateText) return;
    const text = this.text(sentence.start, sentence.end);
    const trigger = triggerEnd - sentence.start;
    const future = /\b(will|to be held|next)\b/i.test(text.slice(Math.max(0, trigger - 60), trigger + 40));
    // A date used as a modifier ("its Feb. 12 decisions") dates something else than the event.
    const expressions = findDateExpressions(text, this.context.publishedAt, future).filter(
      (e) =>
        /(^|\b(on|from|since|until|by|between|to|of|in|and)\s+|[,–-]\s*)$/i.test(text.slice(0, e.start)) ||
        /^(on|last|next|this)\b/i.test(e.text) ||
        !/^[A-Z]/.test(e.text),
    );
    if (!expressions.length) return;
    const nearest = expressions.reduce((a, b) =>
      Math.abs(b.start - trigger) < Math.abs(a.start - trigger) ? b : a,
    );
    draft.event.dateText = nearest.text;
    if (nearest.date) draft.event.date = nearest.date;
    if (nearest.endDate) draft.event.endDate = nearest.endDate;
  }

  /** "two days after <event>", "on the second day of <event>": dates and part-of links between events. */
  confidenceOf(key: string): number {
    return this.byKey(key)?.confidence ?? RECORD_CONFIDENCE;
  }

  relate(): void {
    const { segmented, publishedAt } = this.context;
    for (const sentence of segmented.sentences) {
      const text = this.text(sentence.start, sentence.end);
      const inSentence = this.inSentence(sentence.index);
      const offset = dayOffset(text);
      const referenced = offset
        ? inSentence.find(
            (m) => m.start - sentence.start >= offset.end && m.start - sentence.start <= offset.end + 6,
          )
        : undefined;
      const dated = referenced ? this.byKey(referenced.eventKey) : undefined;
      const earlier = offset ? inSentence.find((m) => m.end - sentence.start <= offset.start) : undefined;
      const undated = earlier ? this.byKey(earlier.eventKey) : undefined;
      if (offset && dated?.event.date && undated && undated !== dated && !undated.event.date) {
        // "an attack … two days after the meeting": dated from the event it refers to.
        undated.event.date = addDays(dated.event.date, offset.days);
        undated.event.dateText = text
          .slice(
            offset.start,
            offset.end + (referenced as EventMention).end - (referenced as EventMention).start + 5,
          )
          .trim();
      } else if (offset && publishedAt) {
        const anchored = inSentence.find(
          (m) => m.start - sentence.start > offset.end - 1 && m.start - sentence.start < offset.end + 25,
        );
        const draft = anchored ? this.byKey(anchored.eventKey) : undefined;
        if (draft && !draft.event.date) {
          draft.event.date = addDays(publishedAt.slice(0, 10), -offset.days);
          draft.event.dateText = text.slice(offset.start, offset.end);
        }
      }
      const dayOf = dayOfEvent(text);
      if (dayOf) {
        const parent = inSentence.find(
          (m) =>
            m.start - sentence.start >= dayOf.eventAt - 1 && m.start - sentence.start <= dayOf.eventAt + 20,
        );
        const child = inSentence.find((m) => m !== parent && m.eventKey !== parent?.eventKey);
        const parentDraft = parent ? this.byKey(parent.eventKey) : undefined;
        const childDraft = child ? this.byKey(child.eventKey) : undefined;
        if (parentDraft && childDraft) {
          childDraft.event.partOf = parentDraft.event.key;
          childDraft.event.dateText ??= `${text
            .slice(dayOf.start, dayOf.end)
            .replace(/ (the|a|its) $/, ' ')
            .trim()} ${parentDraft.event.name}`;
          const date = parentDraft.event.date;
          if (date && dayOf.day > 0) childDraft.event.date = addDays(date, dayOf.day - 1);
          if (!childDraft.event.place && parentDraft.event.place)
            childDraft.event.place = parentDraft.event.place;
          if (!childDraft.event.country && parentDraft.event.country)
            childDraft.event.country = parentDraft.event.country;
        }
      }
    }
    this.responsibility();
    this.sidelines();
    this.shareSentencePlaces();
    this.fallbackPlaces();
    this.summitFromHeadline();
    for (const draft of this.drafts) {
      if (draft.event.date && !draft.event.endDate && draft.durationDays && draft.durationDays > 1) {
        draft.event.endDate = addDays(draft.event.date, draft.durationDays - 1);
      }
    }
  }

  /** "The group claimed responsibility.": its claimant is the perpetrator of the attack reported before. */
  private responsibility(): void {
    for (const sentence of this.context.segmented.sentences) {
      const text = this.text(sentence.start, sentence.end);
      const claim = /\bclaim(s|ed|ing)? (the )?responsibility\b/i.exec(text);
      if (!claim) continue;
      const at = sentence.start + claim.index;
      const claimant = entitiesIn(this.context.table, sentence.start, at)
        .filter(
          (m) => (m.kind === 'ORGANIZATION' || m.kind === 'COUNTRY') && !isMedia(this.entityName(m.key)),
        )
        .at(-1);
      if (!claimant) continue;
      const here = this.mentions.find(
        (m) => m.sentence === sentence.index && this.byKey(m.eventKey)?.event.kind === 'ATTACK',
      );
      const before = this.mentions
        .filter((m) => m.start < at && this.byKey(m.eventKey)?.event.kind === 'ATTACK')
        .at(-1);
      const attack = this.byKey((here ?? before)?.eventKey ?? '');
      if (attack && !participantOf(attack.event, claimant.key))
        addParticipant(attack.event, claimant.key, 'PERPETRATOR');
    }
  }

  /** "talks on the sidelines of the summit", "a meeting at the summit": the smaller gathering is part of the larger. */
  private sidelines(): void {
    for (const sentence of this.context.segmented.sentences) {
      const inSentence = this.inSentence(sentence.index);
      if (inSentence.length < 2) continue;
      for (const parent of inSentence) {
        const parentDraft = this.byKey(parent.eventKey);
        if (!parentDraft || (parentDraft.event.kind !== 'SUMMIT' && parentDraft.event.kind !== 'CONFERENCE'))
          continue;
        const before = this.text(Math.max(sentence.start, parent.start - 40), parent.start);
        if (
          !/\b(sidelines of|margins of|on the fringes? of|at|during)\s+(the\s+|a\s+|this\s+|its\s+)?$/i.test(
            before,
          )
        )
          continue;
        const child = inSentence.find((m) => {
          const d = this.byKey(m.eventKey);
          return (
            d &&
            d !== parentDraft &&
            m.end <= parent.start &&
            (GATHERINGS.has(d.event.kind) ||
              d.phone ||
              d.event.kind === 'PRESS_CONFERENCE' ||
              d.event.kind === 'AGREEMENT')
          );
        });
        const childDraft = child ? this.byKey(child.eventKey) : undefined;
        if (!childDraft || childDraft.event.partOf || parentDraft.event.partOf === childDraft.event.key)
          continue;
        childDraft.event.partOf = parentDraft.event.key;
        if (parentDraft.event.place) this.setPlace(childDraft.event, parentDraft.event.place);
        if (parentDraft.event.country) childDraft.event.country ??= parentDraft.event.country;
      }
    }
  }

  /** A place named in front of the trigger, then the dateline city for events of the first paragraph. */
  private fallbackPlaces(): void {
    const { segmented, table } = this.context;
    const dateline = datelineTokens(segmented);
    const single = dateline && !this.tokens.slice(dateline.start, dateline.end).some((t) => t.text === '/');
    const datelinePlace = single
      ? table.mentions.find((m) => m.tokenStart === dateline.start && m.kind === 'PLACE')
      : undefined;
    for (const draft of this.drafts) {
      const modifier = draft.modifierPlace ? this.context.table.byKey(draft.modifierPlace) : undefined;
      if (modifier?.kind === 'PLACE') this.setPlace(draft.event, modifier.key);
      else if (modifier?.kind === 'COUNTRY') draft.event.country ??= modifier.key;
      if (datelinePlace && draft.paragraph <= 1 && !draft.event.place && !draft.event.country)
        this.setPlace(draft.event, datelinePlace.key);
    }
  }

  /** "… after all-night Minsk summit": a headline's summit is the talks the body reports. */
  private summitFromHeadline(): void {
    if (!/\bsummit\b/i.test(this.context.title ?? '')) return;
    if (this.drafts.some((d) => d.event.kind === 'SUMMIT')) return;
    const talks = this.drafts.find((d) => d.event.kind === 'MEETING' && !d.phone && d.paragraph <= 1);
    if (talks) talks.event.kind = 'SUMMIT';
  }

  /** "The meeting was held in Nairobi…, reaching consensus on…": events of one sentence share its place. */
  private shareSentencePlaces(): void {
    for (const mention of this.mentions) {
      const draft = this.byKey(mention.eventKey);
      if (!draft || draft.event.place || GATHERINGS.has(draft.event.kind)) continue;
      if (draft.event.kind !== 'AGREEMENT' && draft.event.kind !== 'PRESS_CONFERENCE') continue;
      const neighbour = this.inSentence(mention.sentence)
        .map((m) => this.byKey(m.eventKey))
        .find((d) => d && d !== draft && GATHERINGS.has(d.event.kind) && d.event.place);
      if (!neighbour?.event.place) continue;
      draft.event.place = neighbour.event.place;
      if (neighbour.event.country) draft.event.country ??= neighbour.event.country;
      if (neighbour.event.date && !draft.event.date) {
        draft.event.date = neighbour.event.date;
        if (neighbour.event.endDate) draft.event.endDate = neighbour.event.endDate;
        if (neighbour.event.dateText) draft.event.dateText = neighbour.event.dateText;
      }
    }
  }
}

/** Events of the article with participants, place, dates; and where each is mentioned (for claims). */
export function findEvents(context: EventContext): { events: EventAnnotation[]; mentions: EventMention[] } {
  const builder = new EventBuilder(context);
  builder.scan();
  builder.relate();
  builder.attachLearned();
  const events = builder.drafts
    .filter(isAnchored)
    .map((d) => d.event)
    .map((e) => (genericNames().has(e.name.toLowerCase()) ? { ...e, generic: true } : e))
    .map((e) => ({ ...e, confidence: builder.confidenceOf(e.key) }));
  const kept = new Set(events.map((e) => e.key));
  return { events, mentions: builder.mentions.filter((m) => kept.has(m.eventKey)) };
}
