// The one form reader and the control-character step before conform (docs/decisions/035).
import { z } from "zod";
import { FORM_BODY_LIMIT, parseWithZod, readForm } from "./forms.server";
import { CONTROL_CHARACTER_MESSAGE, isUnreadableAddress } from "~/utils/form-input";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

async function refusal(pending: Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await pending;
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
  throw new Error("expected a refusal");
}

describe("readForm", () => {
  it("reads a form as a browser sends it, a word processor's line and page breaks becoming line breaks", async () => {
    const form = await readForm(post("body=one%0Btwo%0Cthree%0D%0Afour%09five", { "content-type": "application/x-www-form-urlencoded" }));
    expect(form.get("body")).toBe("one\ntwo\nthree\r\nfour\tfive");
  });

  it("refuses what is not a form with 415, and an unreadable multipart body with 400", async () => {
    expect((await refusal(readForm(post('{"a":1}', { "content-type": "application/json" })))).status).toBe(415);
    expect((await refusal(readForm(post("a=1", { "content-type": "text/plain" })))).status).toBe(415);
    const cut = await refusal(readForm(post('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nsto', { "content-type": "multipart/form-data; boundary=b" })));
    expect(cut.status).toBe(400);
    expect(cut.text).toContain("nothing was saved");
  });

  it("stops reading a body sent in chunks at the limit and refuses it with 413", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new TextEncoder().encode("a".repeat(64 * 1024)));
      },
    });
    const answer = await refusal(readForm(post(endless, { "content-type": "application/x-www-form-urlencoded" })));
    expect(answer.status).toBe(413);
    // It read a little past the limit, never the rest (the stream has no end).
    expect(pulled).toBeLessThan(FORM_BODY_LIMIT + 4 * 64 * 1024);
  });
});

describe("parseWithZod with the control-character step", () => {
  const schema = z.object({ title: z.string(), body: z.string() });

  it("refuses a field with a NUL byte under that field, showing the character where it was", () => {
    const form = new FormData();
    form.append("title", "A title");
    form.append("body", "before\u0000after");
    const submission = parseWithZod(form, { schema });
    expect(submission.status).toBe("error");
    expect(submission.reply().error).toEqual({ body: [CONTROL_CHARACTER_MESSAGE] });
    expect(submission.payload.body).toBe("before\uFFFDafter");
  });

  it("leaves tabs and line breaks alone", () => {
    const form = new FormData();
    form.append("title", "A title");
    form.append("body", "line one\r\n\tline two");
    const submission = parseWithZod(form, { schema });
    expect(submission.status).toBe("success");
  });
});

describe("isUnreadableAddress", () => {
  it("tells a NUL or a broken escape from ordinary addresses", () => {
    expect(isUnreadableAddress("/forums/%00")).toBe(true);
    expect(isUnreadableAddress("/actions?forum=a%7Fb")).toBe(true);
    expect(isUnreadableAddress("/forums/%ZZ")).toBe(true);
    expect(isUnreadableAddress("/forums/caf%C3%A9?page=2&q=a+b")).toBe(false);
    expect(isUnreadableAddress("/search?q=two%0Alines")).toBe(false);
  });
});
