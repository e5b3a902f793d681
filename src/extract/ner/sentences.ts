/**
 * Groups the tagger's tokens into sentences and computes their line flags, the same way for training
 * documents (sentences given by the corpus) and for bodies at run time (sentences from the segmenter).
 */
import { documentWords, sentenceFeatures, type TaggerSentence } from './features.ts';
import { capsLineFlags, type NerToken } from './tokenize.ts';

export interface SentenceTokens {
  tokens: NerToken[];
}

/** Tagger sentences of `text`, whose tokens `sentences` lists in order. */
export function taggerSentences(text: string, sentences: readonly SentenceTokens[]): TaggerSentence[] {
  const all = sentences.flatMap((s) => s.tokens);
  const caps = capsLineFlags(text, all);
  let at = 0;
  return sentences.map((s) => {
    const capsLine = caps.slice(at, at + s.tokens.length);
    at += s.tokens.length;
    return { words: s.tokens.map((t) => t.text), capsLine };
  });
}

/** Feature hashes of every token of every sentence of one document. */
export function documentFeatures(sentences: readonly TaggerSentence[]): Uint32Array[][] {
  const document = documentWords(sentences);
  return sentences.map((s) => sentenceFeatures(s, document));
}
