// Open data downloads (resource routes): /open-data/responses.csv|json, actions.csv|json,
// action-updates.csv, consultations.csv|json and accountability.csv|json. Public records only
// (app/models/public-open-data.server.ts), the same for everyone, so a shared cache may keep them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenDataFile, isOpenDataFile } from "~/models/accountability/open-data.server";
import { PUBLIC_FILE_CACHE } from "~/services/http.server";
import { publicUrl } from "~/services/config.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = params.file;
  if (!isOpenDataFile(file)) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = await buildOpenDataFile(file, publicUrl(), new Date());
  const csv = file.endsWith(".csv");
  return new Response(body, {
    headers: {
      "Content-Type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      // CSV opens as a download named after the dataset; JSON can be read in the browser.
      ...(csv ? { "Content-Disposition": `attachment; filename="victim-voice-forum-${file}"` } : {}),
      "Cache-Control": PUBLIC_FILE_CACHE,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
