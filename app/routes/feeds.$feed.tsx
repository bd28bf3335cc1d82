// Atom feeds (resource routes): /feeds/responses.atom, /feeds/responses.met.atom,
// /feeds/responses.mopac.atom, /feeds/minutes.atom and /feeds/results.atom. Public records only
// (app/models/public-feeds.server.ts), the same for everyone, so a shared cache may keep them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildFeed, isFeedName } from "~/models/accountability/feeds.server";
import { PUBLIC_FILE_CACHE } from "~/services/http.server";
import { publicUrl } from "~/services/config.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const name = params.feed;
  if (!isFeedName(name)) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = await buildFeed(name, publicUrl());
  return new Response(body, {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": PUBLIC_FILE_CACHE,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
