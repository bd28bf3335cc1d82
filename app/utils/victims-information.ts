// What every victim should be told, in this forum's own plain English: the 12 rights of the
// Victims' Code, the support services, and the Met's Victim Focus Desk. One source for /rights,
// /support, the printable leaflets (/leaflets/:borough) and their PDF.

/** The 12 rights of the Code of Practice for Victims of Crime in England and Wales, in our words. */
export const VICTIMS_CODE_RIGHTS: readonly { title: string; text: string }[] = [
  {
    title: "Understanding and being understood",
    text: "Services should speak to you in a way you can follow, and help you to be understood. If you need an interpreter or translation, you should get one for free. When you first report a crime, you can usually bring someone with you for support.",
  },
  {
    title: "Having the crime recorded without unjustified delay",
    text: "When you tell the police about a crime, they should record it properly and promptly. They should not put it off without a good reason.",
  },
  {
    title: "Getting information when you report",
    text: "After you report, you should get a written note that you reported the crime. It should include a crime reference number and who to contact. You should also be told what happens next.",
  },
  {
    title: "Being referred to support that suits your needs",
    text: "The police should ask what help you need and offer to put you in touch with support services. Support should fit your situation. You can also contact support services yourself, whether or not you have reported the crime.",
  },
  {
    title: "Getting information about compensation",
    text: "You should be told how you might get compensation for injury, loss or damage caused by the crime. For example, a court can order the offender to pay you. If you were hurt in a violent crime, you may be able to apply to the Criminal Injuries Compensation Scheme.",
  },
  {
    title: "Being kept up to date about the investigation and prosecution",
    text: "You should be told about important steps in your case. This includes when someone is arrested, charged or released, and when a decision is made to take no further action. If the police or prosecutors decide not to take a case forward, you can usually ask them to look at that decision again.",
  },
  {
    title: "Making a Victim Personal Statement",
    text: "You can explain, in your own words, how the crime has affected you. The court will take this into account when it decides on a sentence. You can ask to read your statement out in court, or to have someone read it for you.",
  },
  {
    title: "Getting information about the trial and your role as a witness",
    text: "If you are a witness, you should be told when and where the trial will be, what to expect and what will happen. You may be able to visit the court before the trial. You may also get help to give evidence, such as a screen or a video link.",
  },
  {
    title: "Getting information about the offender after a conviction",
    text: "If the offender is found guilty, you should be told what sentence they get and what it means. You should also be told if they appeal, and what happens.",
  },
  {
    title: "Being paid expenses and getting your property back",
    text: "If you go to court as a witness, you can claim back some costs, such as travel and lost earnings. If the police took your belongings as evidence, they should give them back as soon as they no longer need them.",
  },
  {
    title: "Getting information about the offender's release",
    text: "If the offender goes to prison for 12 months or more for a violent or sexual crime, you can usually join the Victim Contact Scheme. Through it, you can be told about their release or parole, and ask for conditions on their release. For example, that they must not contact you.",
  },
  {
    title: "Making a complaint if your rights are not met",
    text: "If you think you have not had your rights, you can complain.",
  },
];

export type SupportService = { name: string; phone: string; text: string };

/** Free support services, in the order /support lists them. */
export const SUPPORT_SERVICES: readonly SupportService[] = [
  {
    name: "Victim Support",
    phone: "0808 16 89 111",
    text: "Help for anyone affected by crime, however long ago it happened. Its Supportline is free and open 24 hours a day, every day.",
  },
  {
    name: "London Victim and Witness Service",
    phone: "0808 168 9291",
    text: "Help for victims and witnesses of crime in London. Victim Support runs it for the Mayor's Office for Policing and Crime (MOPAC). It can give you emotional and practical support, from reporting a crime through to court and afterwards.",
  },
  {
    name: "National Domestic Abuse Helpline",
    phone: "0808 2000 247",
    text: "Help for women experiencing domestic abuse, and for anyone worried about someone else. It is run by Refuge and is open 24 hours a day.",
  },
  {
    name: "Rape Crisis England & Wales",
    phone: "0808 500 2222",
    text: "The 24/7 Rape and Sexual Abuse Support Line is for anyone aged 16 or over who has been affected by rape, sexual assault or sexual abuse, at any time in their life.",
  },
  {
    name: "Galop",
    phone: "0800 999 5428",
    text: "Help for LGBT+ people who have experienced abuse or violence, including domestic abuse, hate crime and sexual violence. This number is the National LGBT+ Domestic Abuse Helpline.",
  },
  { name: "Men's Advice Line", phone: "0808 8010 327", text: "Help for men experiencing domestic abuse, and for people who are worried about them." },
  { name: "Karma Nirvana", phone: "0800 5999 247", text: "Help for anyone affected by forced marriage or honour-based abuse." },
  {
    name: "Samaritans",
    phone: "116 123",
    text: "Someone to talk to about anything that is troubling you. You do not have to be in crisis to call. It is free and open 24 hours a day, every day.",
  },
  {
    name: "Crimestoppers",
    phone: "0800 555 111",
    text: "Tell them about a crime without giving your name. They do not ask who you are. It is not for emergencies.",
  },
];

/** The Met's Victim Focus Desk: questions about your case and your rights, 7 days a week. */
export const VICTIM_FOCUS_DESK = {
  name: "The Met's Victim Focus Desk",
  hours: "7 days a week: 8am to 8pm Monday to Friday, 8am to 4pm at weekends",
  text: "Questions about your case, the updates you should get and your rights under the Victims' Code. Call 101 and ask for the Victim Focus Desk.",
} as const;

/** How the Victim Voice Forum works, in a few sentences (leaflets). */
export const HOW_THE_FORUM_WORKS: readonly string[] = [
  "The Victim Voice Forum is a group of people who have been victims of crime in London. They tell the Metropolitan Police and the Mayor's Office for Policing and Crime (MOPAC) how victims are treated, and what needs to change.",
  "Members talk in moderated discussions under a name they choose, answer consultations on planned changes and meet the police. Nobody else sees their real name.",
  "The Met and MOPAC answer in public, and everyone can see what they promised and whether they did it.",
  "To hear about joining, say yes when the feedback form asks. A moderator will get in touch.",
];

/** A number a phone can dial: the spaces taken out. */
export const telHref = (phone: string) => `tel:${phone.replace(/\s/g, "")}`;
