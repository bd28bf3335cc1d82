// Allowed: models reach the database client.
import { db } from "../../db/client";
export const database = () => db;
