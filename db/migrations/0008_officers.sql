CREATE TABLE "officer" (
	"user_id" text PRIMARY KEY NOT NULL,
	"shoulder_number" text NOT NULL,
	"borough" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invitation" ADD COLUMN "shoulder_number" text;--> statement-breakpoint
ALTER TABLE "invitation" ADD COLUMN "borough" text;--> statement-breakpoint
ALTER TABLE "officer" ADD CONSTRAINT "officer_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "officer_shoulder_number_idx" ON "officer" USING btree ("shoulder_number");