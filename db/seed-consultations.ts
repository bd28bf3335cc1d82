// Demo consultations, made through the same model functions the pages use (so the data is
// exactly what the app makes, respondent keys included): one closed with its results published
// and "You said, we did" with action items; one open that some members have answered, with
// written answers waiting in the review queue; and a draft for staff to look at.
//
// Call after the demo people and forums exist (db/seed.ts): `await seedDemoConsultations(db, now)`.
// Answers are stored under respondent keys made with the server's secret: run it in the server
// process (after initAuth), or in a script on the server's DATA_DIR before the server starts.
import type { Db } from "./client";
import { user } from "./schema/auth";
import { forum } from "./schema/forums";
import { consultationTextAnswer } from "./schema/consultations";
import { addQuestion, createConsultation, listQuestions, type QuestionInput, type QuestionWithOptions } from "../app/models/consultations/consultations.server";
import { closeDueConsultations, publishResults, scheduleConsultation } from "../app/models/consultations/lifecycle.server";
import { decideConsultationAnswer } from "../app/models/consultations/answer-review.server";
import { fieldName, submitResponse, type AnswerValues } from "../app/models/consultations/answers.server";
import { publishYouSaidWeDid } from "../app/models/consultations/you-said-we-did.server";
import type { CurrentUser } from "../app/services/session.server";
import type { Organisation, Role } from "../app/utils/permissions";
import { londonDate } from "../app/utils/working-days";
import { eq } from "drizzle-orm";
import { DAY } from "../app/utils/time";


const q = (input: Partial<QuestionInput> & Pick<QuestionInput, "kind" | "prompt">): QuestionInput => ({
  helpText: "",
  required: true,
  options: [],
  maxChoices: null,
  scaleLowLabel: null,
  scaleHighLabel: null,
  maxLength: null,
  ...input,
});

const CONTACT_QUESTIONS: QuestionInput[] = [
  q({ kind: "single", prompt: "Would a named contact for your case have helped you?", options: ["Yes, a lot", "Yes, a little", "No", "Not sure"] }),
  q({ kind: "multiple", prompt: "How would you like to hear from your named contact?", options: ["Phone call", "Email", "Letter", "Text message", "Through a support service"], maxChoices: 2 }),
  q({ kind: "scale", prompt: "How much do you agree with the proposal as a whole?", scaleLowLabel: "Strongly disagree", scaleHighLabel: "Strongly agree" }),
  q({ kind: "text", prompt: "What else should we know before we decide?", helpText: "Please leave out names and anything that could identify you or someone else.", required: false, maxLength: 1000 }),
];

const HUB_QUESTIONS: QuestionInput[] = [
  q({ kind: "single", prompt: "Where would you most like to get support after a crime?", options: ["At a hub near where I live", "At a hub near where I work", "By phone or online", "At home"] }),
  q({ kind: "scale", prompt: "How important is it that the hub is not in a police building?", scaleLowLabel: "Not important", scaleHighLabel: "Very important" }),
  q({ kind: "multiple", prompt: "When should hubs be open?", options: ["Weekday daytimes", "Weekday evenings", "Saturdays", "Sundays"], maxChoices: 3 }),
  q({ kind: "text", prompt: "Is there anything that would stop you using a hub?", required: false, maxLength: 1000 }),
];

function values(questions: QuestionWithOptions[], answers: (string | string[] | number | null)[]): AnswerValues {
  const out: AnswerValues = {};
  questions.forEach((question, i) => {
    const a = answers[i];
    if (a === null || a === undefined) return;
    const id = (label: string) => question.options.find((o) => o.label === label)!.id;
    if (question.kind === "single") out[fieldName(question.id)] = id(String(a));
    else if (question.kind === "multiple") out[fieldName(question.id)] = [a].flat().map((l) => id(String(l)));
    else out[fieldName(question.id)] = String(a);
  });
  return out;
}

export async function seedDemoConsultations(db: Db, now = new Date()) {
  const people = await db.select().from(user);
  const byEmail = (email: string): CurrentUser => {
    const u = people.find((p) => p.email === email);
    if (!u) throw new Error(`demo person ${email} missing`);
    return { id: u.id, name: u.name, email: u.email, role: u.role as Role, organisation: u.organisation as Organisation | null };
  };
  const forums = await db.select().from(forum);
  const london = forums.find((f) => f.slug === "london")!;
  const black = forums.find((f) => f.slug === "black-communities")!;
  const mod = byEmail("moderator1@demo.vvf.test");
  const met = byEmail("met@demo.vvf.test");
  const mopac = byEmail("mopac@demo.vvf.test");
  const m = (n: number) => byEmail(`member${n}@demo.vvf.test`);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  // 1. Closed, results published, responded ("You said, we did" with two action items).
  const contact = await createConsultation(
    met,
    {
      title: "A named contact for every victim",
      summary: "We propose that every victim of crime is given one named officer or staff member to contact about their case, from report to outcome.",
      proposal:
        "## What we propose\n\nFrom the day you report a crime, you would be given **one named contact**: an officer or member of staff who knows your case and answers your questions.\n\n## Why\n\nMany victims told us they were passed between teams and had to repeat what happened. The Victims' Code says you should be kept informed.\n\n## What would change for you\n\n- One name and a direct way to reach them\n- An update at least every 28 days, or when something happens\n- A handover, with an introduction, if your contact changes",
      organisation: "met",
      forumIds: [london.id, black.id],
      opensAt: ago(110),
      closesAt: ago(80),
    },
    ago(115),
  );
  for (const question of CONTACT_QUESTIONS) await addQuestion(met, contact.id, question, ago(114));
  await scheduleConsultation(met, contact.id, ago(110));
  const contactQuestions = await listQuestions(contact.id);
  const contactAnswers: [number, (string | string[] | number | null)[]][] = [
    [1, ["Yes, a lot", ["Phone call", "Email"], 5, "I spoke to five different people about one burglary. One name would have changed everything."]],
    [2, ["Yes, a lot", ["Email"], 4, null]],
    [4, ["Yes, a little", ["Text message", "Email"], 4, "Evenings matter: I work during the day and could never return calls."]],
    [5, ["Not sure", ["Letter"], 3, null]],
    [6, ["Yes, a lot", ["Phone call", "Through a support service"], 5, "Please make sure the contact knows about support services, not just the investigation."]],
    [7, ["No", ["Through a support service"], 2, "I would rather hear from my support worker than from the police. Call me on 07700 900456."]],
    [9, ["Yes, a little", ["Phone call"], 4, null]],
    [10, ["Yes, a lot", ["Phone call", "Text message"], 5, null]],
  ];
  for (const [i, [n, answers]] of contactAnswers.entries()) {
    await submitResponse(m(n), { consultationId: contact.id, values: values(contactQuestions, answers) }, ago(108 - i * 3));
  }
  await closeDueConsultations(ago(80));
  // The moderators read the written answers: three approved, one redacted (a phone number).
  const written = await db.select().from(consultationTextAnswer).where(eq(consultationTextAnswer.consultationId, contact.id));
  for (const w of written) {
    if (w.body.includes("07700")) {
      await decideConsultationAnswer(mod, w.id, { intent: "redact", version: w.version, body: "I would rather hear from my support worker than from the police.", note: "We removed a phone number." }, ago(79));
    } else {
      await decideConsultationAnswer(mod, w.id, { intent: "approve", version: w.version }, ago(79));
    }
  }
  await publishResults(mod, contact.id, ago(78));
  await publishYouSaidWeDid(
    met,
    contact.id,
    {
      responderTitle: "Reform lead, Victim Care",
      heard:
        "Most of you told us a named contact would have helped, many of you a lot. You want to hear from them by phone or email, and several of you asked that updates fit around work, and that your contact knows about support services, not only the investigation.",
      change:
        "From next spring every victim of a reported crime in London will be given a named contact within 5 working days. Contacts will be able to update you by email or text, and will be trained on the support services available to you.",
      notChange:
        "We cannot promise that your contact will never change: officers move between teams. When they do, your new contact will introduce themselves within 5 working days. We will not replace support workers: your contact will work with them.",
      actions: [
        { title: "Give every victim a named contact within 5 working days of reporting", details: "Starting in two boroughs, then across London.", organisation: "met", dueDate: londonDate(new Date(now.getTime() + 150 * DAY)) },
        { title: "Report to the forum each quarter on how many victims had a named contact", details: "", organisation: "mopac", dueDate: londonDate(new Date(now.getTime() + 60 * DAY)) },
      ],
    },
    // Before the demo thread's response (20 days ago): the newest official response stays a thread's.
    ago(30),
  );

  // 2. Open, answered by five members; two written answers wait in the review queue.
  const hubs = await createConsultation(
    mopac,
    {
      title: "Victim Care hubs: where and when should support be offered?",
      summary: "MOPAC proposes to open Victim Care hubs across London where victims can get support in person. We want to know where and when they would be most useful.",
      proposal:
        "## What we propose\n\nFour **Victim Care hubs**, one in each part of London, where you can meet a support worker in person, without an appointment at first.\n\n## What we are asking\n\nWhere hubs should be, when they should be open, and whether anything would stop you using one.",
      organisation: "mopac",
      forumIds: [london.id, black.id],
      opensAt: ago(5),
      closesAt: new Date(now.getTime() + 9 * DAY),
    },
    ago(8),
  );
  for (const question of HUB_QUESTIONS) await addQuestion(mopac, hubs.id, question, ago(7));
  await scheduleConsultation(mopac, hubs.id, ago(5));
  const hubQuestions = await listQuestions(hubs.id);
  const hubAnswers: [number, (string | string[] | number | null)[]][] = [
    [1, ["At a hub near where I live", 4, ["Weekday evenings", "Saturdays"], null]],
    [2, ["By phone or online", 5, ["Weekday evenings"], "I would not go anywhere near a police station, so please keep hubs separate."]],
    [3, ["At a hub near where I live", 3, ["Saturdays"], null]],
    [8, ["At a hub near where I work", 5, ["Weekday daytimes", "Weekday evenings"], "Childcare. A hub with a play area would help parents like me."]],
    [11, ["At home", 4, ["Sundays"], null]],
  ];
  for (const [i, [n, answers]] of hubAnswers.entries()) {
    await submitResponse(m(n), { consultationId: hubs.id, values: values(hubQuestions, answers) }, ago(4 - i * 0.5));
  }

  // 3. A draft for staff to look at.
  const draft = await createConsultation(
    met,
    {
      title: "Updates by text message",
      summary: "We propose to send victims short text messages when something happens in their case.",
      proposal: "## What we propose\n\nA text message when a suspect is arrested, charged or released, with a link to read more after signing in.",
      organisation: "met",
      forumIds: [london.id],
      opensAt: new Date(now.getTime() + 14 * DAY),
      closesAt: new Date(now.getTime() + 42 * DAY),
    },
    ago(1),
  );
  await addQuestion(met, draft.id, q({ kind: "single", prompt: "Would you want updates by text message?", options: ["Yes", "No", "Only for some updates"] }), ago(1));

  return { closed: contact.id, open: hubs.id, draft: draft.id };
}
