// Broken twice: a component imports the database client and a `.server` module.
import { db } from "../../db/client";
import { secret } from "../services/secrets.server";
export const Thing = () => `${db} ${secret}`;
