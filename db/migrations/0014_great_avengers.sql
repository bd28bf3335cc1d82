CREATE TABLE "feedback_answer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid,
	"channel" text NOT NULL,
	"officer_id" text,
	"borough" text NOT NULL,
	"contact_kind" text,
	"rating" smallint NOT NULL,
	"kept_informed" text NOT NULL,
	"treated_with_respect" text NOT NULL,
	"told_rights" text NOT NULL,
	"comment" text,
	"comment_findings" jsonb,
	"comment_status" text,
	"comment_reviewed_by" text,
	"comment_reviewed_at" timestamp with time zone,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_answer_rating_check" CHECK ("feedback_answer"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "feedback_interest" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact" text NOT NULL,
	"month" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_answer" ADD CONSTRAINT "feedback_answer_link_id_feedback_link_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."feedback_link"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_answer" ADD CONSTRAINT "feedback_answer_officer_id_user_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_answer" ADD CONSTRAINT "feedback_answer_comment_reviewed_by_user_id_fk" FOREIGN KEY ("comment_reviewed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_answer_link_idx" ON "feedback_answer" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "feedback_answer_borough_idx" ON "feedback_answer" USING btree ("borough","answered_at");--> statement-breakpoint
CREATE INDEX "feedback_answer_comment_status_idx" ON "feedback_answer" USING btree ("comment_status");