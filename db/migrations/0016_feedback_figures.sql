CREATE TABLE "feedback_link_count" (
	"borough" text NOT NULL,
	"month" text NOT NULL,
	"contact_kind" text NOT NULL,
	"issued" integer NOT NULL,
	CONSTRAINT "feedback_link_count_borough_month_contact_kind_pk" PRIMARY KEY("borough","month","contact_kind")
);
--> statement-breakpoint
CREATE TABLE "feedback_rating_count" (
	"borough" text NOT NULL,
	"month" text NOT NULL,
	"source" text NOT NULL,
	"contact_kind" text NOT NULL,
	"rating" smallint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "feedback_rating_count_borough_month_source_contact_kind_rating_pk" PRIMARY KEY("borough","month","source","contact_kind","rating")
);
--> statement-breakpoint
CREATE TABLE "feedback_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_report_month_unique" UNIQUE("month")
);
--> statement-breakpoint
DROP INDEX "official_response_one_per_organisation_idx";--> statement-breakpoint
CREATE INDEX "feedback_link_count_month_idx" ON "feedback_link_count" USING btree ("month");--> statement-breakpoint
CREATE INDEX "feedback_rating_count_month_idx" ON "feedback_rating_count" USING btree ("month");--> statement-breakpoint
CREATE UNIQUE INDEX "official_response_one_per_organisation_idx" ON "official_response" USING btree ("target_type","target_id","organisation") WHERE target_type in ('meeting', 'action', 'feedback-report');--> statement-breakpoint
-- Backfill the counts from the rows already stored (the server keeps them up to date from now on).
INSERT INTO "feedback_link_count" ("borough", "month", "contact_kind", "issued")
SELECT "borough", to_char("contact_date", 'YYYY-MM'), "contact_kind", count(*)::integer FROM "feedback_link" GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "feedback_rating_count" ("borough", "month", "source", "contact_kind", "rating", "count")
SELECT a."borough",
       CASE WHEN a."channel" = 'link' AND l."contact_date" IS NOT NULL THEN to_char(l."contact_date", 'YYYY-MM') ELSE to_char(a."answered_at" AT TIME ZONE 'Europe/London', 'YYYY-MM') END,
       a."channel",
       CASE WHEN a."channel" = 'link' THEN coalesce(a."contact_kind", 'other') ELSE '' END,
       a."rating",
       count(*)::integer
FROM "feedback_answer" a LEFT JOIN "feedback_link" l ON l."id" = a."link_id"
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "feedback_report" ("month")
SELECT "month" FROM "feedback_link_count" UNION SELECT "month" FROM "feedback_rating_count"
ON CONFLICT DO NOTHING;
