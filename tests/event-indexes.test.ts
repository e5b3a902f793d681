import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventAnnotation, Participant } from '../src/annotation/format.ts';
import { hasEvidenceAt, participantOf } from '../src/extract/events.ts';

describe("an event's participant and evidence indexes", () => {
  it('answer as reading the lists would, as the lists grow or are replaced', () => {
    const step = fc.oneof(
      fc.record({
        participant: fc.constantFrom('a', 'b', 'c', 'd'),
        role: fc.constantFrom('HOST', 'ATTENDEE'),
      }),
      fc.record({ evidence: fc.nat(12) }),
      fc.record({ replace: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const event = {
          key: 'e',
          name: 'e',
          kind: 'MEETING',
          participants: [],
          evidence: [],
        } as unknown as EventAnnotation;
        for (const s of steps) {
          if ('participant' in s)
            event.participants.push({ entity: s.participant, role: s.role } as Participant);
          else if ('evidence' in s) event.evidence.push({ start: s.evidence, end: s.evidence + 1 });
          else event.evidence = event.evidence.slice(0, 1);
          for (const entity of ['a', 'b', 'c', 'd', 'e'])
            expect(participantOf(event, entity)).toBe(event.participants.find((p) => p.entity === entity));
          for (let start = 0; start <= 13; start++)
            expect(hasEvidenceAt(event, start)).toBe(
              event.evidence.some((e) => typeof e === 'object' && 'start' in e && e.start === start),
            );
        }
      }),
    );
  });
});
