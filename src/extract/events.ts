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
import { slugify } from './entities.ts';
import { PhraseIndex } from './lexicon/phrase-index.ts';
import { isFunctionWord } from './lexicon/words.ts';
import type { Segmented, Sentence, Token } from './segment.ts';

interface Trigger {
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
}

const TRIGGERS: [string[], Trigger][] = [
  [['summit', 'summits'], { kind: 'SUMMIT' }],
  [['meeting', 'talks'], { kind: 'MEETING', generic: true }],
  [['met'], { kind: 'MEETING', generic: true, verb: true }],
  [
    [
      'phone call',
      'phone conversation',
      'telephone conversation',
      'telephone call',
      'over phone',
      'by phone',
      'by telephone',
      'over the phone',
    ],
    { kind: 'OTHER', phone: true },
  ],
  [
    [
      'attack',
      'attacks',
      'assault',
      'assaults',
      'bombing',
      'bombings',
      'killings',
      'massacre',
      'slaughter',
      'shooting',
      'shootings',
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
      'offensive',
      'shelling',
      'bombing campaign',
    ],
    { kind: 'MILITARY_ACTION' },
  ],
  [['operations', 'action', 'strikes'], { kind: 'MILITARY_ACTION', weak: true }],
  [['press conference', 'news conference', 'press briefing'], { kind: 'PRESS_CONFERENCE' }],
  [['conference', 'forum'], { kind: 'CONFERENCE', generic: true }],
  [['agreement', 'deal', 'accord', 'treaty', 'consensus'], { kind: 'AGREEMENT' }],
  [['agreed'], { kind: 'AGREEMENT', verb: true }],
  [['vote', 'referendum'], { kind: 'OTHER', merge: true }],
  [['voted'], { kind: 'OTHER', merge: true, verb: true }],
];

let triggers: PhraseIndex<Trigger> | undefined;
function triggerIndex(): PhraseIndex<Trigger> {
  if (triggers) return triggers;
  triggers = new PhraseIndex<Trigger>(false);
  for (const [phrases, trigger] of TRIGGERS) for (const phrase of phrases) triggers.add(phrase, trigger);
  return triggers;
}

const GATHERINGS = new Set<EventKind>(['SUMMIT', 'MEETING', 'CONFERENCE']);
const MODIFIER_WORD =
  /^(\p{Lu}[\p{L}\p{N}-]*|\p{N}+|two-day|three-day|one-day|emergency|extraordinary|donors|donor|peace|annual)$/u;

export interface EventContext {
  segmented: Segmented;
  table: EntityTable;
  publishedAt?: string;
}

export interface EventMention {
  eventKey: string;
  start: number;
  end: number;
  sentence: number;
}

interface Draft {
  event: EventAnnotation;
  /** Entity key that identifies the event: the organising body, the perpetrator, or the place. */
  identity?: string;
  phone?: boolean;
  durationDays?: number;
}

function entitiesIn(table: EntityTable, from: number, to: number): LocatedEntity[] {
  return table.mentions.filter((m) => m.start >= from && m.end <= to);
}

function addParticipant(event: EventAnnotation, entity: string, role: ParticipantRole): void {
  const existing = event.participants.find((p) => p.entity === entity);
  if (existing) return;
  event.participants.push({ entity, role } as Participant);
}

class EventBuilder {
  readonly drafts: Draft[] = [];
  readonly mentions: EventMention[] = [];
  private readonly usedKeys = new Set<string>();

  constructor(private readonly context: EventContext) {}

  private get tokens(): readonly Token[] {
    return this.context.segmented.tokens;
  }

  private byKey(key: string): Draft | undefined {
    return this.drafts.find((d) => d.event.key === key);
  }

  private text(from: number, to: number): string {
    return this.context.segmented.body.slice(from, to);
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
      if (!MODIFIER_WORD.test(previous.text) || isFunctionWord(previous.text)) break;
      start--;
    }
    return start;
  }

  private locate(event: EventAnnotation, sentence: Sentence, triggerEnd: number): void {
    const { table } = this.context;
    const afterTrigger = table.mentions.filter((m) => m.start >= triggerEnd && m.end <= sentence.end);
    for (const m of afterTrigger) {
      const before = this.tokens[m.tokenStart - 1]?.text.toLowerCase();
      const distance = m.tokenStart - this.tokens.findIndex((t) => t.end >= triggerEnd);
      if (distance > 10 || !/^(in|at|of)$/.test(before ?? '')) continue;
      if (m.kind === 'PLACE' && !event.place) {
        event.place = m.key;
        const country = table.byKey(m.key)?.country;
        if (country && !event.country) event.country = country;
      }
      if (m.kind === 'COUNTRY' && !event.country) event.country = m.key;
    }
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
      for (const m of modifiers) if (m.kind !== 'PLACE') addParticipant(event, m.key, 'PERPETRATOR');
      const actor = inSentence.find(
        (m) => m.end <= triggerStart && m.kind !== 'PLACE' && m.kind !== 'PERSON',
      );
      const verbBetween =
        actor &&
        /\b(carr(y|ied|ying) out|launch|unleash|behind|conduct)/i.test(this.text(actor.end, triggerEnd));
      if (actor && verbBetween) addParticipant(event, actor.key, 'PERPETRATOR');
      for (const m of inSentence.filter((x) => x.start >= triggerEnd)) {
        const before = this.tokens[m.tokenStart - 1]?.text.toLowerCase();
        if ((before === 'against' || before === 'on') && m.kind !== 'PLACE' && m.kind !== 'COUNTRY')
          addParticipant(event, m.key, 'TARGET');
      }
      return;
    }
    for (const m of modifiers) if (m.kind === 'ORGANIZATION') addParticipant(event, m.key, 'ORGANIZER');
    for (const m of inSentence) if (m.kind === 'PERSON') addParticipant(event, m.key, 'ATTENDEE');
    if (kind === 'AGREEMENT' || trigger.kind === 'OTHER') {
      for (const m of inSentence)
        if (m.kind === 'ORGANIZATION' && m.end <= triggerStart) addParticipant(event, m.key, 'ATTENDEE');
    }
  }

  private findEarlier(trigger: Trigger, identity: string | undefined, definite: boolean): Draft | undefined {
    const compatible = this.drafts.filter((d) =>
      trigger.phone
        ? d.phone
        : trigger.generic
          ? GATHERINGS.has(d.event.kind)
          : d.event.kind === trigger.kind && !d.phone,
    );
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
    evidenceStart: number,
    evidenceEnd: number,
  ): Draft {
    const base = slugify(name) || 'event';
    let key = base;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${base}-${n}`;
    this.usedKeys.add(key);
    const draft: Draft = {
      event: { key, name, kind, participants: [], evidence: [{ start: evidenceStart, end: evidenceEnd }] },
      ...(identity ? { identity } : {}),
      ...(trigger.phone ? { phone: true } : {}),
    };
    this.drafts.push(draft);
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
        modifiers.find((m) => m.kind === 'PLACE') ??
        this.context.table.mentions.find(
          (m) =>
            m.kind === 'PLACE' && m.start >= triggerEnd && m.end <= sentence.end && m.start - triggerEnd < 30,
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

  scan(): void {
    const { segmented, table } = this.context;
    for (const sentence of segmented.sentences) {
      for (let i = sentence.tokenStart; i < sentence.tokenEnd; i++) {
        const match = triggerIndex().matchAt(this.tokens, i);
        if (!match || match.tokenEnd > sentence.tokenEnd) continue;
        const trigger = match.value;
        const modifierFrom = trigger.verb ? i : this.modifierStart(i, sentence);
        const first = this.tokens[modifierFrom] as Token;
        const last = this.tokens[match.tokenEnd - 1] as Token;
        const modifiers = entitiesIn(table, first.start, last.end);
        if (trigger.weak && !this.isMilitaryContext(sentence, modifiers)) continue;
        if (trigger.kind === 'CONFERENCE' && /press|news/i.test(this.tokens[i - 1]?.text ?? '')) continue;
        const definite = /^(the|this|that|its)$/i.test(this.tokens[modifierFrom - 1]?.text ?? '');
        const identity = this.identityOf(trigger, modifiers, sentence, last.end);
        const name = this.eventName(trigger, this.text(first.start, last.end), sentence, last.end);
        const draft =
          this.findEarlier(trigger, identity, definite) ??
          this.newDraft(trigger.kind, name, trigger, identity, first.start, last.end);
        if (
          !draft.event.evidence.some((e) => typeof e === 'object' && 'start' in e && e.start === first.start)
        ) {
          draft.event.evidence.push({ start: first.start, end: last.end });
        }
        draft.durationDays ??= durationDays(this.text(first.start, last.end));
        this.mentions.push({
          eventKey: draft.event.key,
          start: first.start,
          end: last.end,
          sentence: sentence.index,
        });
        this.locate(draft.event, sentence, last.end);
        this.assignRoles(draft, trigger, sentence, modifierFrom, match.tokenEnd);
        this.date(draft, sentence, last.end);
        i = match.tokenEnd - 1;
      }
    }
  }

  /** "G20 summit" as written; bare or verb triggers get a noun and what follows ("phone call between A and B"). */
  private eventName(trigger: Trigger, written: string, sentence: Sentence, triggerEnd: number): string {
    const bare = written
      .replace(/\)\s*/g, ' ')
      .replace(/^(two|three|one)-day /i, '')
      .replace(/^(the|a|an) /i, '');
    const noun = trigger.phone
      ? 'phone call'
      : trigger.verb
        ? ({ MEETING: 'meeting', AGREEMENT: 'agreement', OTHER: 'vote' }[trigger.kind as 'MEETING'] ?? bare)
        : bare;
    if (!trigger.phone && !trigger.verb && /\s/.test(bare)) return bare;
    const rest = this.text(triggerEnd, sentence.end);
    const tail =
      /^\s+((?:between|on|over|against|in|of|with)\s+[^,.;:"“”]{3,60}?)(?=[,.;:"“”]|\s+(?:was|were|is|are|has|had|on|said|and then)\b|$)/.exec(
        rest,
      );
    return tail?.[1] ? `${noun} ${tail[1]}` : noun;
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
  relate(): void {
    const { segmented, publishedAt } = this.context;
    for (const sentence of segmented.sentences) {
      const text = this.text(sentence.start, sentence.end);
      const inSentence = this.mentions.filter((m) => m.sentence === sentence.index);
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
          (m) => m.start - sentence.start > offset.end - 1 && m.start - sentence.start < offset.end + 60,
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
    this.shareSentencePlaces();
    for (const draft of this.drafts) {
      if (draft.event.date && !draft.event.endDate && draft.durationDays && draft.durationDays > 1) {
        draft.event.endDate = addDays(draft.event.date, draft.durationDays - 1);
      }
    }
  }

  /** "The meeting was held in Nairobi…, reaching consensus on…": events of one sentence share its place. */
  private shareSentencePlaces(): void {
    for (const mention of this.mentions) {
      const draft = this.byKey(mention.eventKey);
      if (!draft || draft.event.place || GATHERINGS.has(draft.event.kind)) continue;
      if (draft.event.kind !== 'AGREEMENT' && draft.event.kind !== 'PRESS_CONFERENCE') continue;
      const neighbour = this.mentions
        .map((m) => this.byKey(m.eventKey))
        .find(
          (d, n) =>
            d &&
            d !== draft &&
            this.mentions[n]?.sentence === mention.sentence &&
            GATHERINGS.has(d.event.kind) &&
            d.event.place,
        );
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
  const events = builder.drafts
    .map((d) => d.event)
    .filter((e) => e.participants.length || e.place || e.country || e.date);
  const kept = new Set(events.map((e) => e.key));
  return { events, mentions: builder.mentions.filter((m) => kept.has(m.eventKey)) };
}
