// The victim's feedback form, one schema for both ways in (a single-use link and a leaflet's
// standing QR code). Not a .server module: the routes build it at module level, in the browser too.
import { z } from "zod";
import { FEEDBACK_COMMENT_MAX, RATINGS, YES_PARTLY_NO } from "./feedback";

const yesPartlyNo = (message: string) => z.enum(YES_PARTLY_NO, { errorMap: () => ({ message }) });

export const feedbackFormSchema = z
  .object({
    rating: z.enum(RATINGS, { errorMap: () => ({ message: "Choose how well the officer treated you, from 1 to 5" }) }).transform(Number),
    keptInformed: yesPartlyNo("Choose whether the officer kept you informed"),
    treatedWithRespect: yesPartlyNo("Choose whether the officer treated you with respect"),
    toldRights: yesPartlyNo("Choose whether the officer told you about your rights"),
    comment: z
      .string()
      .trim()
      .max(FEEDBACK_COMMENT_MAX, `Your comment must be ${FEEDBACK_COMMENT_MAX.toLocaleString("en-GB")} characters or fewer`)
      .optional(),
    wantsToHear: z.enum(["yes", "no"]).default("no"),
    interestContact: z.string().trim().max(254, "Enter an email address or mobile number of 254 characters or fewer").optional(),
    /** Set by "Send anyway": the hash of the exact comment the victim confirmed. */
    piiConfirmed: z.string().max(128).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.wantsToHear === "yes" && !v.interestContact) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["interestContact"], message: "Enter your email address or mobile number, so that we can tell you about the forum" });
    }
  });

export const FEEDBACK_FIELD_ORDER = ["", "rating", "keptInformed", "treatedWithRespect", "toldRights", "comment", "wantsToHear", "interestContact"];
