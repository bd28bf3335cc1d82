ALTER TABLE "consultation_response" ADD COLUMN "forum_set" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "consultation_response" DROP COLUMN "forum_ids";