// What a request refused before it reached a model carries to the error page
// (app/components/error-page.tsx): sent from another website (403), or too many attempts
// (429, with when to try again in words, e.g. "2:45pm (in 15 minutes)").
export type EdgeRefusal = { refusal: "other-site" } | { refusal: "too-many"; retry: string };

export function isEdgeRefusal(value: unknown): value is EdgeRefusal {
  return !!value && typeof value === "object" && ((value as { refusal?: unknown }).refusal === "other-site" || (value as { refusal?: unknown }).refusal === "too-many");
}
