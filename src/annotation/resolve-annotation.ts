import type { Annotation, EvidenceRef, MentionForm, MentionMethod, MentionRef, Span } from './format.ts';
import { EvidenceError, resolveEvidence } from './resolve-evidence.ts';

/** An annotation whose every evidence reference has become a span of the body. */
export type ResolvedAnnotation = ReturnType<typeof resolveAnnotation>;

export class AnnotationError extends Error {}

/**
 * Resolves every evidence reference of `annotation` against `body` and checks that every key it refers to
 * is defined, with the right kind. Throws AnnotationError naming the entry (`claims[3].evidence`,
 * `entity "david-cameron" mentions[2]`) so a curator can find it.
 */
export function resolveAnnotation(body: string, annotation: Annotation) {
  const at = (where: string, ref: EvidenceRef): Span => {
    try {
      return resolveEvidence(body, ref);
    } catch (error) {
      if (error instanceof EvidenceError) throw new AnnotationError(`${where}: ${error.message}`);
      throw error;
    }
  };
  checkReferences(annotation);
  return {
    article: annotation.article,
    entities: annotation.entities.map((entity) => ({
      ...entity,
      mentions: entity.mentions.map((ref, i) =>
        resolveMention(ref, (r) => at(`entity "${entity.key}" mentions[${i}]`, r)),
      ),
      offices: entity.offices.map((office, o) => ({
        ...office,
        evidence: office.evidence.map((ref, i) =>
          at(`entity "${entity.key}" offices[${o}].evidence[${i}]`, ref),
        ),
      })),
    })),
    events: annotation.events.map((event) => ({
      ...event,
      evidence: event.evidence.map((ref, i) => at(`event "${event.key}" evidence[${i}]`, ref)),
    })),
    claims: annotation.claims.map((claim, c) => ({
      ...claim,
      evidence: at(`claims[${c}].evidence`, claim.evidence),
    })),
    relations: annotation.relations.map((relation, r) => ({
      ...relation,
      evidence: relation.evidence.map((ref, i) => at(`relations[${r}].evidence[${i}]`, ref)),
    })),
  };
}

/** A resolved mention: its span, and how it was found where the extractor says so. */
export interface ResolvedMention extends Span {
  confidence?: number;
  method?: MentionMethod;
  form?: MentionForm;
}

function resolveMention(ref: MentionRef, at: (ref: EvidenceRef) => Span): ResolvedMention {
  if (
    typeof ref === 'object' &&
    'start' in ref &&
    ('confidence' in ref || 'method' in ref || 'form' in ref)
  ) {
    const span = at({ start: ref.start, end: ref.end });
    return {
      ...span,
      ...(ref.confidence !== undefined ? { confidence: ref.confidence } : {}),
      ...(ref.method ? { method: ref.method } : {}),
      ...(ref.form ? { form: ref.form } : {}),
    };
  }
  return at(ref as EvidenceRef);
}

function checkReferences(annotation: Annotation): void {
  const entityKinds = new Map<string, string>();
  for (const entity of annotation.entities) {
    if (entityKinds.has(entity.key)) throw new AnnotationError(`entity key "${entity.key}" is defined twice`);
    if (entity.kind === 'COUNTRY' && !entity.code) {
      throw new AnnotationError(`entity "${entity.key}" is a country without an ISO "code"`);
    }
    if (entity.kind !== 'COUNTRY' && entity.code) {
      throw new AnnotationError(`entity "${entity.key}" has a "code" but only countries have one`);
    }
    entityKinds.set(entity.key, entity.kind);
  }
  const eventKeys = new Set<string>();
  for (const event of annotation.events) {
    if (eventKeys.has(event.key)) throw new AnnotationError(`event key "${event.key}" is defined twice`);
    eventKeys.add(event.key);
  }
  const expect = (where: string, key: string | undefined, kind?: string) => {
    if (key === undefined) return;
    const found = entityKinds.get(key);
    if (!found) throw new AnnotationError(`${where}: no entity with key "${key}"`);
    if (kind && found !== kind) throw new AnnotationError(`${where}: "${key}" is a ${found}, not a ${kind}`);
  };
  const expectEvent = (where: string, key: string | undefined) => {
    if (key !== undefined && !eventKeys.has(key))
      throw new AnnotationError(`${where}: no event with key "${key}"`);
  };
  for (const entity of annotation.entities) {
    expect(`entity "${entity.key}" country`, entity.country, 'COUNTRY');
    entity.offices.forEach((office, o) => {
      expect(`entity "${entity.key}" offices[${o}].country`, office.country, 'COUNTRY');
      expect(`entity "${entity.key}" offices[${o}].organization`, office.organization, 'ORGANIZATION');
    });
    if (entity.offices.length && entity.kind !== 'PERSON') {
      throw new AnnotationError(`entity "${entity.key}" has offices but is a ${entity.kind}, not a PERSON`);
    }
  }
  for (const event of annotation.events) {
    expect(`event "${event.key}" place`, event.place, 'PLACE');
    expect(`event "${event.key}" country`, event.country, 'COUNTRY');
    expectEvent(`event "${event.key}" partOf`, event.partOf);
    if (event.partOf === event.key) throw new AnnotationError(`event "${event.key}" is part of itself`);
    event.participants.forEach((p, i) => {
      expect(`event "${event.key}" participants[${i}]`, p.entity);
    });
  }
  annotation.claims.forEach((claim, c) => {
    expect(`claims[${c}].speaker`, claim.speaker);
    claim.about.forEach((key, i) => {
      expect(`claims[${c}].about[${i}]`, key);
    });
    expectEvent(`claims[${c}].event`, claim.event);
  });
  annotation.relations.forEach((relation, r) => {
    expect(`relations[${r}].from`, relation.from);
    expect(`relations[${r}].to`, relation.to);
  });
}
