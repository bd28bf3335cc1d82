// London's 32 boroughs and the City, grouped in the Metropolitan Police's basic command units
// (BCUs). One home for the list: officers' boroughs, feedback links, leaflets, public figures
// and the demo data all read it. The slug is the borough's URL segment (/leaflets/:borough).

export type Borough = { slug: string; name: string; bcu: string };

export const BCUS = {
  "central-east": "Central East (Hackney and Tower Hamlets)",
  "central-north": "Central North (Camden and Islington)",
  "central-south": "Central South (Lambeth and Southwark)",
  "central-west": "Central West (Westminster, Kensington and Chelsea, Hammersmith and Fulham)",
  "east-area": "East Area (Havering, Barking and Dagenham, Redbridge)",
  "north-area": "North Area (Enfield and Haringey)",
  "north-east": "North East (Newham and Waltham Forest)",
  "north-west": "North West (Barnet, Brent and Harrow)",
  "south-area": "South Area (Bromley, Croydon and Sutton)",
  "south-east": "South East (Bexley, Greenwich and Lewisham)",
  "south-west": "South West (Kingston, Merton, Richmond and Wandsworth)",
  "west-area": "West Area (Ealing, Hillingdon and Hounslow)",
  // The Square Mile has its own force (City of London Police); Met officers who meet a victim
  // there still record the contact against it.
  city: "City of London",
} as const;

export type Bcu = keyof typeof BCUS;

const B = (slug: string, name: string, bcu: Bcu): Borough => ({ slug, name, bcu });

export const BOROUGHS: readonly Borough[] = [
  B("barking-and-dagenham", "Barking and Dagenham", "east-area"),
  B("barnet", "Barnet", "north-west"),
  B("bexley", "Bexley", "south-east"),
  B("brent", "Brent", "north-west"),
  B("bromley", "Bromley", "south-area"),
  B("camden", "Camden", "central-north"),
  B("city-of-london", "City of London", "city"),
  B("croydon", "Croydon", "south-area"),
  B("ealing", "Ealing", "west-area"),
  B("enfield", "Enfield", "north-area"),
  B("greenwich", "Greenwich", "south-east"),
  B("hackney", "Hackney", "central-east"),
  B("hammersmith-and-fulham", "Hammersmith and Fulham", "central-west"),
  B("haringey", "Haringey", "north-area"),
  B("harrow", "Harrow", "north-west"),
  B("havering", "Havering", "east-area"),
  B("hillingdon", "Hillingdon", "west-area"),
  B("hounslow", "Hounslow", "west-area"),
  B("islington", "Islington", "central-north"),
  B("kensington-and-chelsea", "Kensington and Chelsea", "central-west"),
  B("kingston-upon-thames", "Kingston upon Thames", "south-west"),
  B("lambeth", "Lambeth", "central-south"),
  B("lewisham", "Lewisham", "south-east"),
  B("merton", "Merton", "south-west"),
  B("newham", "Newham", "north-east"),
  B("redbridge", "Redbridge", "east-area"),
  B("richmond-upon-thames", "Richmond upon Thames", "south-west"),
  B("southwark", "Southwark", "central-south"),
  B("sutton", "Sutton", "south-area"),
  B("tower-hamlets", "Tower Hamlets", "central-east"),
  B("waltham-forest", "Waltham Forest", "north-east"),
  B("wandsworth", "Wandsworth", "south-west"),
  B("westminster", "Westminster", "central-west"),
];

/** The boroughs of the My Met Service pilot. */
export const PILOT_BOROUGHS = ["havering", "barking-and-dagenham", "redbridge", "waltham-forest", "newham", "hackney", "tower-hamlets"] as const;

const bySlug = new Map(BOROUGHS.map((b) => [b.slug, b]));

export const BOROUGH_SLUGS = BOROUGHS.map((b) => b.slug) as [string, ...string[]];

export function isBorough(value: unknown): value is string {
  return typeof value === "string" && bySlug.has(value);
}

export function findBorough(slug: string | null | undefined): Borough | undefined {
  return slug ? bySlug.get(slug) : undefined;
}

export function boroughName(slug: string): string {
  return bySlug.get(slug)?.name ?? slug;
}

/** Boroughs grouped by BCU, in the order of BCUS, for pickers. */
export function boroughsByBcu(): { bcu: Bcu; label: string; boroughs: Borough[] }[] {
  return (Object.keys(BCUS) as Bcu[]).map((bcu) => ({ bcu, label: BCUS[bcu], boroughs: BOROUGHS.filter((b) => b.bcu === bcu) }));
}

/** A shoulder (collar) number: digits with up to 3 letters before or after (123456, 456HT, AB1234). */
export const SHOULDER_NUMBER = /^[A-Z]{0,3}\d{1,7}[A-Z]{0,3}$/;

export function normaliseShoulderNumber(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}
