// Routes reach the database through this file: the `.server` suffix keeps the database
// driver out of the browser bundle (the classic compiler goes by file name).
export { db } from "../../db/client";
