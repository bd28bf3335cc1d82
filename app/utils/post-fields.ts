// Fields shared by the member-facing post forms (start a thread, reply, edit and send again).
// Not a .server module: routes build their zod schemas when the module loads, in the browser too.
import { z } from "zod";
import { CONTENT_WARNINGS, type ContentWarning } from "./content-warnings";

export const TITLE_LENGTH = { min: 5, max: 150 } as const;
export const BODY_LENGTH = { min: 20, max: 10_000 } as const;

const warningKeys = Object.keys(CONTENT_WARNINGS) as [ContentWarning, ...ContentWarning[]];

/** Field schemas for zod objects built by the routes (one schema per form). */
export const postFormFields = {
  body: z
    .string({ required_error: "Write your post" })
    .trim()
    .min(BODY_LENGTH.min, `Your post must be at least ${BODY_LENGTH.min} characters`)
    .max(BODY_LENGTH.max, `Your post must be ${BODY_LENGTH.max.toLocaleString("en-GB")} characters or fewer`),
  contentWarnings: z.array(z.enum(warningKeys, { errorMap: () => ({ message: "Choose content warnings from the list" }) })).default([]),
  atRisk: z.boolean().default(false),
  /** Set by "Post anyway": the hash of the exact text the author confirmed. */
  piiConfirmed: z.string().max(128).optional(),
};

export const threadTitleField = z
  .string({ required_error: "Enter a title" })
  .trim()
  .min(TITLE_LENGTH.min, `The title must be at least ${TITLE_LENGTH.min} characters`)
  .max(TITLE_LENGTH.max, `The title must be ${TITLE_LENGTH.max} characters or fewer`);

