CREATE TABLE `call_dispositions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`agent_id` text NOT NULL,
	`code` text NOT NULL,
	`notes` text,
	`recorded_by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_dispositions_call_agent` ON `call_dispositions` (`call_id`,`agent_id`);--> statement-breakpoint
CREATE TABLE `softphone_credentials` (
	`agent_id` text PRIMARY KEY NOT NULL,
	`session_id` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
