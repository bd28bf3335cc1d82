// /account/data: the signed-in person's data as a JSON download (issue 11, item 2). The model
// decides what is theirs; this route only serves it as an attachment.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportMyData } from "~/models/people/my-data.server";
import { requireUser } from "~/services/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = new Date();
  const body = JSON.stringify(await exportMyData(user.id, now), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="victim-voice-forum-my-data-${now.toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
