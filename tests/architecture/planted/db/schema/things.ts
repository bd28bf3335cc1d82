// Broken: the schema imports something other than drizzle and the schema.
import { db } from "../client";
export const things = `things in ${db}`;
