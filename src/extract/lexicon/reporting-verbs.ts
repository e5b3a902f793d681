/**
 * Reporting verbs and the kind of claim each introduces. General English; inflected forms are listed
 * rather than stemmed so that "says" matches but "sayings" does not.
 */
import type { ClaimKind } from '../../annotation/format.ts';

const VERBS: [ClaimKind, string[]][] = [
  [
    'STATEMENT',
    [
      'said',
      'says',
      'say',
      'told',
      'tells',
      'added',
      'adding',
      'stated',
      'states',
      'warned',
      'warns',
      'insisted',
      'insists',
      'argued',
      'argues',
      'noted',
      'notes',
      'stressed',
      'stresses',
      'explained',
      'explains',
      'pledged',
      'pledges',
      'pledging',
      'promised',
      'promises',
      'vowed',
      'vows',
      'declared',
      'declares',
      'claimed',
      'claims',
      'believes',
      'suggested',
      'suggests',
      'asserted',
      'emphasised',
      'emphasized',
      'predicted',
      'wrote',
      'writes',
      'tweeted',
      'commented',
      'remarked',
      'replied',
      'responded',
      'saying',
      'reiterated',
      'maintained',
      'described',
      'called',
    ],
  ],
  [
    'ACCUSATION',
    [
      'accused',
      'accuses',
      'accusing',
      'blamed',
      'blames',
      'blaming',
      'condemned',
      'condemns',
      'criticised',
      'criticized',
      'criticises',
      'criticizes',
    ],
  ],
  ['DENIAL', ['denied', 'denies', 'denying', 'rejected', 'rejects', 'dismissed', 'dismisses', 'refuted']],
  ['ANNOUNCEMENT', ['announced', 'announces', 'announcing', 'unveiled', 'unveils', 'revealed', 'reveals']],
  [
    'APPEAL',
    [
      'urged',
      'urges',
      'urging',
      'appealed',
      'appeals',
      'demanded',
      'demands',
      'asked',
      'implored',
      'pleaded',
    ],
  ],
  [
    'ACKNOWLEDGEMENT',
    ['acknowledged', 'acknowledges', 'admitted', 'admits', 'conceded', 'concedes', 'conceding'],
  ],
  ['CONFIRMATION', ['confirmed', 'confirms', 'confirming', 'verified']],
];

const KIND_OF = new Map<string, ClaimKind>(
  VERBS.flatMap(([kind, forms]) => forms.map((f) => [f, kind] as [string, ClaimKind])),
);

/** The claim kind a reporting verb introduces, or undefined for other words. */
export function reportingVerbKind(word: string): ClaimKind | undefined {
  return KIND_OF.get(word.toLowerCase());
}

/** Verbs that only report speech when a clause or quote follows ("called" alone is not speech). */
export const NEEDS_CONTENT = new Set(['called', 'described', 'asked', 'say', 'claims', 'states', 'notes']);
