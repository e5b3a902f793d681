/**
 * English words the attribution stage needs besides the reporting-verb table: function words inside
 * multi-word cues ("said in a statement", "called them on it") that are not cue words themselves, and
 * the pronouns that may stand for a source.
 */
const CUE_FUNCTION_WORDS = new Set(
  (
    'a an the to of on in it its his her their them him me us this that these those has have had was were is are be been ' +
    'being also first not do does did would will could should may might can just still again further then his own more most'
  ).split(' '),
);

/** A word of a multi-word cue that carries no meaning of its own ("in a statement"). */
export const isCueFunctionWord = (form: string) => CUE_FUNCTION_WORDS.has(form);

export const PRONOUN_SOURCES = new Set(['he', 'she', 'they', 'i', 'we', 'you', 'it']);
