CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `supervisor_queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`api_key_id` integer,
	`queue_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`queue_id`) REFERENCES `acd_queues`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervisor_queues_user_queue` ON `supervisor_queues` (`user_id`,`queue_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `supervisor_queues_key_queue` ON `supervisor_queues` (`api_key_id`,`queue_id`);--> statement-breakpoint
CREATE INDEX `supervisor_queues_queue` ON `supervisor_queues` (`queue_id`);