CREATE TABLE "meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"forum_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text,
	"online_url" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"cancel_reason" text,
	"review_days" integer DEFAULT 7 NOT NULL,
	"review_opened_at" timestamp with time zone,
	"review_closes_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"attended_members" integer,
	"attended_met" integer,
	"attended_mopac" integer,
	"attended_facilitators" integer,
	"attended_others" integer,
	"attendance_recorded_at" timestamp with time zone,
	"created_by_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_action" (
	"action_item_id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"summary_source" text DEFAULT '' NOT NULL,
	"summary_html" text DEFAULT '' NOT NULL,
	"decisions_source" text DEFAULT '' NOT NULL,
	"decisions_html" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_attendee" (
	"meeting_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"marked_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_attendee_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_co_chair" (
	"meeting_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "meeting_co_chair_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_naming_consent" (
	"meeting_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_naming_consent_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_quote" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"member_id" text,
	"text" text NOT NULL,
	"created_by_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_review_comment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_revision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid,
	"note" text NOT NULL,
	"created_by_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_rsvp" (
	"meeting_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"response" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_rsvp_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_forum_id_forum_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forum"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_action_item_id_action_item_id_fk" FOREIGN KEY ("action_item_id") REFERENCES "public"."action_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_agenda_item_id_meeting_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "meeting_agenda_item_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendee" ADD CONSTRAINT "meeting_attendee_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendee" ADD CONSTRAINT "meeting_attendee_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendee" ADD CONSTRAINT "meeting_attendee_marked_by_id_user_id_fk" FOREIGN KEY ("marked_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_co_chair" ADD CONSTRAINT "meeting_co_chair_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_co_chair" ADD CONSTRAINT "meeting_co_chair_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_naming_consent" ADD CONSTRAINT "meeting_naming_consent_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_naming_consent" ADD CONSTRAINT "meeting_naming_consent_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_agenda_item_id_meeting_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_member_id_user_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_review_comment" ADD CONSTRAINT "meeting_review_comment_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_review_comment" ADD CONSTRAINT "meeting_review_comment_agenda_item_id_meeting_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_review_comment" ADD CONSTRAINT "meeting_review_comment_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_revision" ADD CONSTRAINT "meeting_revision_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_revision" ADD CONSTRAINT "meeting_revision_agenda_item_id_meeting_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_revision" ADD CONSTRAINT "meeting_revision_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_rsvp" ADD CONSTRAINT "meeting_rsvp_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_rsvp" ADD CONSTRAINT "meeting_rsvp_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_forum_starts_idx" ON "meeting" USING btree ("forum_id","starts_at");--> statement-breakpoint
CREATE INDEX "meeting_status_starts_idx" ON "meeting" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "meeting_action_meeting_idx" ON "meeting_action" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_agenda_item_meeting_idx" ON "meeting_agenda_item" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_quote_item_idx" ON "meeting_quote" USING btree ("agenda_item_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_review_comment_meeting_idx" ON "meeting_review_comment" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_revision_meeting_idx" ON "meeting_revision" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_rsvp_user_idx" ON "meeting_rsvp" USING btree ("user_id");