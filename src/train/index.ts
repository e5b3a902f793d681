/**
 * Every model `npm run train` builds, in order. A trainer lives in its own file and is listed here; each
 * writes its files and manifest.json into models/<name>/.
 */
import { nerTrainer } from './ner.ts';
import type { Trainer } from './trainer.ts';

export const TRAINERS: readonly Trainer[] = [nerTrainer];
