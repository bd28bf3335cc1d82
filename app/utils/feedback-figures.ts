// My Met Service's public figures: what the page and the model share, safe in the browser.
import { SMALL_NUMBER_THRESHOLD } from "./small-numbers";

/** The ratings, 1 (very badly) to 5 (very well): a distribution's index 0 is 1. */
export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

/** The small-number rule in plain English, on /my-met-service (applied in models/feedback/public-figures.server.ts). */
export const FEEDBACK_SMALL_NUMBERS: string[] = [
  `No figure here counts fewer than ${SMALL_NUMBER_THRESHOLD} people, and none can be subtracted from another to count fewer than ${SMALL_NUMBER_THRESHOLD} people: such figures read "not shown".`,
  `A rating is also hidden when the people who gave any other rating number 1 to ${SMALL_NUMBER_THRESHOLD - 1}, and enough other ratings are hidden with a small one that together they count ${SMALL_NUMBER_THRESHOLD} or more people. The mean is shown only when no rating is hidden.`,
  `A borough's ratings are shown only when each of them is 0 or at least ${SMALL_NUMBER_THRESHOLD} people, and so is everything London's figures minus the boroughs shown would give back about the boroughs not shown. Otherwise the borough with the fewest ratings is left out too, so the others cannot be used to work it out. Its contacts and the share that led to feedback follow the same rule, for the contacts asked and those who did not answer.`,
  `Months are never added together, and ratings after a contact are never added to ratings through leaflets, so no subtraction runs across them.`,
];
