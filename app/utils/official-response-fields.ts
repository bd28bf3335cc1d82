// The fields of every official response form (threads, meetings, actions), in one place: the
// responder's role as shown with the response, and the response itself. Pure zod, so routes may
// build their schemas at module level (that code also runs in the browser).
import { z } from "zod";

export const responderTitleField = z
  .string({ required_error: "Enter your role, like Reform lead, Victim Care" })
  .trim()
  .min(1, "Enter your role, like Reform lead, Victim Care")
  .max(120, "Your role must be 120 characters or fewer");

// min(1) after trim: a response of spaces only would otherwise be published, blank, in public.
export const responseBodyField = z.string({ required_error: "Write the response" }).trim().min(1, "Write the response").max(20_000, "The response must be 20,000 characters or fewer");

/** The hash of the exact text the responder chose to publish after the identifying-details warning. */
export const piiConfirmedField = z.string().max(128).optional();
