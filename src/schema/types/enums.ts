import {
  CLAIM_KINDS,
  ENTITY_KINDS,
  EVENT_KINDS,
  PARTICIPANT_ROLES,
  RELATION_TYPES,
} from '../../annotation/format.ts';
import { builder } from '../builder.ts';

export const EntityKindEnum = builder.enumType('EntityKind', {
  description: 'What sort of thing an entity is.',
  values: ENTITY_KINDS,
});

export const RelationTypeEnum = builder.enumType('RelationType', {
  description: 'How one entity stands to another, as an article states it.',
  values: RELATION_TYPES,
});

export const EventKindEnum = builder.enumType('EventKind', {
  description: 'What sort of event.',
  values: EVENT_KINDS,
});

export const ParticipantRoleEnum = builder.enumType('ParticipantRole', {
  description: 'The part an entity played in an event.',
  values: PARTICIPANT_ROLES,
});

export const ClaimKindEnum = builder.enumType('ClaimKind', {
  description: 'What a claim does, read from its reporting verb: states, accuses, denies, announces…',
  values: CLAIM_KINDS,
});
