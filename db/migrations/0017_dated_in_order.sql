-- Issue 12: records dated out of order are refused. Rows written before this (the first demo
-- data stamped an action's creation with the load time, after it was done) are put in order
-- first: a thing existed no later than the first thing that happened to it.
UPDATE "action_item" ai SET "created_at" = least(ai."completed_at", (SELECT min(u."created_at") FROM "action_update" u WHERE u."action_item_id" = ai."id"))
  WHERE ai."completed_at" < ai."created_at" OR EXISTS (SELECT 1 FROM "action_update" u WHERE u."action_item_id" = ai."id" AND u."created_at" < ai."created_at");--> statement-breakpoint
UPDATE "thread" SET "created_at" = "response_requested_at" WHERE "response_requested_at" < "created_at";--> statement-breakpoint
UPDATE "consultation" SET "results_published_at" = "closed_at" WHERE "results_published_at" < "closed_at";--> statement-breakpoint
UPDATE "consultation" SET "responded_at" = "results_published_at" WHERE "responded_at" < "results_published_at";--> statement-breakpoint
ALTER TABLE "thread" ADD CONSTRAINT "thread_response_requested_after_created_check" CHECK ("thread"."response_requested_at" is null or "thread"."response_requested_at" >= "thread"."created_at");--> statement-breakpoint
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_completed_after_created_check" CHECK ("action_item"."completed_at" is null or "action_item"."completed_at" >= "action_item"."created_at");--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_results_after_closed_check" CHECK ("consultation"."results_published_at" is null or "consultation"."closed_at" is null or "consultation"."results_published_at" >= "consultation"."closed_at");--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_responded_after_results_check" CHECK ("consultation"."responded_at" is null or "consultation"."results_published_at" is null or "consultation"."responded_at" >= "consultation"."results_published_at");