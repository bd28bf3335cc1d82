-- Custom migration (written by hand): consultation_response.forum_ids kept each respondent's set
-- of forums in clear, which singles out a member who is the only one in a combination of forums.
-- Migration 0011 replaces it with forum_set, sealed under the server's secret. SQL cannot
-- seal (the secret is not in the database), so this copies the clear sets aside first; the
-- server seals them at start, before it serves anything, and drops this table
-- (sealUnsealedForumSets in app/models/consultations/forum-sets.server.ts).
CREATE TABLE "consultation_response_unsealed" AS
  SELECT "id" AS "response_id", "forum_ids" FROM "consultation_response" WHERE cardinality("forum_ids") > 0;
