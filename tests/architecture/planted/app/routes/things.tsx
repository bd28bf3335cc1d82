// Broken three times: a route imports the database client, the schema and database().
import { db } from "../../db/client";
import { things } from "../../db/schema/things";
import { database } from "../models/database.server";
// Allowed: a route calls models.
import { listThings } from "../models/things/things.server";
export const loader = () => [db, things, database(), listThings()];
