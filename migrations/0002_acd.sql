CREATE TABLE `acd_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` integer NOT NULL,
	`queue_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`offered_at` integer NOT NULL,
	`outcome` text,
	`outcome_at` integer,
	`trace` text NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `acd_offers_call` ON `acd_offers` (`call_id`);--> statement-breakpoint
CREATE TABLE `acd_queues` (
	`id` text PRIMARY KEY NOT NULL,
	`config` text NOT NULL,
	`moh_class` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `agent_state_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_id` text NOT NULL,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_state_log_agent_at` ON `agent_state_log` (`agent_id`,`at`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`skills` text NOT NULL,
	`queues` text NOT NULL,
	`device` text,
	`state` text NOT NULL,
	`state_reason` text,
	`state_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_user_id_unique` ON `agents` (`user_id`);--> statement-breakpoint
CREATE TABLE `call_recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`name` text NOT NULL,
	`format` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`duration_seconds` integer,
	`markers` text NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_recordings_name_unique` ON `call_recordings` (`name`);--> statement-breakpoint
CREATE TABLE `queue_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`queue_id` text NOT NULL,
	`priority` integer NOT NULL,
	`skills` text NOT NULL,
	`enqueued_at` integer NOT NULL,
	`left_at` integer,
	`outcome` text,
	`agent_id` text,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `queue_entries_queue_enqueued` ON `queue_entries` (`queue_id`,`enqueued_at`);