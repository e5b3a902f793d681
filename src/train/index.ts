/** The registry of trainers `npm run train` runs, in order. */
import { ATTRIBUTION_MODEL_FILE } from '../extract/attribution-model.ts';
import { trainAttribution } from './attribution.ts';
import { trainEventTriggers } from './event-triggers.ts';

export interface Trainer {
  name: string;
  /** File under models/; its manifest is written beside it. */
  file: string;
  train(): { model: unknown; manifest: unknown };
}

export const TRAINERS: Trainer[] = [
  { name: 'attribution', file: ATTRIBUTION_MODEL_FILE, train: trainAttribution },
  { name: 'event-triggers', file: 'event-triggers.json', train: trainEventTriggers },
];
