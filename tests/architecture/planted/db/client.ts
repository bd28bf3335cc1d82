export const db = "the database client";
