// The small-number rule in plain English, shown on every results page and carried in the JSON
// download. It is applied in one place: app/models/consultations/suppression.server.ts.

export const SMALL_NUMBER_THRESHOLD = 5;

export const SUPPRESSION_RULE: string[] = [
  `No figure here counts fewer than ${SMALL_NUMBER_THRESHOLD} people, and none can be subtracted from another to count fewer than ${SMALL_NUMBER_THRESHOLD} people. A figure from 1 to ${SMALL_NUMBER_THRESHOLD - 1} reads "fewer than ${SMALL_NUMBER_THRESHOLD}".`,
  `An answer is also hidden when the people who did not choose it number 1 to ${SMALL_NUMBER_THRESHOLD - 1}. Where the answers add up to the number who answered, enough other answers are hidden with a small one that together they count ${SMALL_NUMBER_THRESHOLD} or more people, and the average of a scale is shown only when none of its answers is hidden.`,
  `A forum's figures are shown beside "All forums" only when every group they tell apart — for example the people in one forum but not the other, which is "All forums" minus that other forum — is 0 or at least ${SMALL_NUMBER_THRESHOLD} people, for every answer. Otherwise the smallest forum is left out, so the others cannot be used to work it out.`,
  `Written answers are never broken down by forum.`,
];
