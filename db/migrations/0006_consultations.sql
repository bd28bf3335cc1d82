CREATE TABLE "consultation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"proposal_source" text NOT NULL,
	"proposal_html" text NOT NULL,
	"organisation" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"scheduled_at" timestamp with time zone,
	"scheduled_by_id" text,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by_id" text,
	"close_reason" text,
	"results_published_at" timestamp with time zone,
	"results_published_by_id" text,
	"responded_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_status_check" CHECK ("consultation"."status" in ('draft', 'open', 'closed', 'published', 'responded')),
	CONSTRAINT "consultation_times_check" CHECK ("consultation"."closes_at" > "consultation"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "consultation_answer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"option_id" uuid,
	"scale_value" smallint,
	CONSTRAINT "consultation_answer_value_check" CHECK (("consultation_answer"."option_id" is not null) <> ("consultation_answer"."scale_value" is not null)),
	CONSTRAINT "consultation_answer_scale_check" CHECK ("consultation_answer"."scale_value" is null or "consultation_answer"."scale_value" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "consultation_forum" (
	"consultation_id" uuid NOT NULL,
	"forum_id" uuid NOT NULL,
	CONSTRAINT "consultation_forum_consultation_id_forum_id_pk" PRIMARY KEY("consultation_id","forum_id")
);
--> statement-breakpoint
CREATE TABLE "consultation_option" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_question" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"prompt" text NOT NULL,
	"help_text" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"max_choices" integer,
	"scale_low_label" text,
	"scale_high_label" text,
	"max_length" integer,
	CONSTRAINT "consultation_question_kind_check" CHECK ("consultation_question"."kind" in ('single', 'multiple', 'scale', 'text'))
);
--> statement-breakpoint
CREATE TABLE "consultation_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"respondent_key" text NOT NULL,
	"forum_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "consultation_response_once" UNIQUE("consultation_id","respondent_key")
);
--> statement-breakpoint
CREATE TABLE "consultation_text_answer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"review_kind" text DEFAULT 'new' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"pii_findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rejection_reason" text,
	"rejection_note" text,
	"redaction_note" text,
	"redacted_at" timestamp with time zone,
	"decided_by_id" text,
	"decided_at" timestamp with time zone,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_text_answer_status_check" CHECK ("consultation_text_answer"."status" in ('pending', 'approved', 'rejected', 'hidden'))
);
--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_scheduled_by_id_user_id_fk" FOREIGN KEY ("scheduled_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_closed_by_id_user_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_results_published_by_id_user_id_fk" FOREIGN KEY ("results_published_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_answer" ADD CONSTRAINT "consultation_answer_response_id_consultation_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."consultation_response"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_answer" ADD CONSTRAINT "consultation_answer_question_id_consultation_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."consultation_question"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_answer" ADD CONSTRAINT "consultation_answer_option_id_consultation_option_id_fk" FOREIGN KEY ("option_id") REFERENCES "public"."consultation_option"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_forum" ADD CONSTRAINT "consultation_forum_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_forum" ADD CONSTRAINT "consultation_forum_forum_id_forum_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forum"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_option" ADD CONSTRAINT "consultation_option_question_id_consultation_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."consultation_question"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_question" ADD CONSTRAINT "consultation_question_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_response" ADD CONSTRAINT "consultation_response_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_text_answer" ADD CONSTRAINT "consultation_text_answer_response_id_consultation_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."consultation_response"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_text_answer" ADD CONSTRAINT "consultation_text_answer_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_text_answer" ADD CONSTRAINT "consultation_text_answer_question_id_consultation_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."consultation_question"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_text_answer" ADD CONSTRAINT "consultation_text_answer_decided_by_id_user_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_status_opens_idx" ON "consultation" USING btree ("status","opens_at");--> statement-breakpoint
CREATE INDEX "consultation_status_closes_idx" ON "consultation" USING btree ("status","closes_at");--> statement-breakpoint
CREATE INDEX "consultation_answer_response_idx" ON "consultation_answer" USING btree ("response_id");--> statement-breakpoint
CREATE INDEX "consultation_answer_question_idx" ON "consultation_answer" USING btree ("question_id","option_id","scale_value");--> statement-breakpoint
CREATE INDEX "consultation_forum_forum_idx" ON "consultation_forum" USING btree ("forum_id");--> statement-breakpoint
CREATE INDEX "consultation_option_position_idx" ON "consultation_option" USING btree ("question_id","position");--> statement-breakpoint
CREATE INDEX "consultation_question_position_idx" ON "consultation_question" USING btree ("consultation_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_text_answer_once_idx" ON "consultation_text_answer" USING btree ("response_id","question_id");--> statement-breakpoint
CREATE INDEX "consultation_text_answer_queue_idx" ON "consultation_text_answer" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "consultation_text_answer_question_idx" ON "consultation_text_answer" USING btree ("question_id","status");