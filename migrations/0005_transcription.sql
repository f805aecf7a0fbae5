CREATE TABLE `transcription_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer NOT NULL,
	`transcript_id` integer NOT NULL,
	`call_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	FOREIGN KEY (`recording_id`) REFERENCES `call_recordings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`transcript_id`) REFERENCES `transcripts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcription_outbox_recording_id_unique` ON `transcription_outbox` (`recording_id`);--> statement-breakpoint
CREATE INDEX `transcription_outbox_next_attempt` ON `transcription_outbox` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `transcripts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer NOT NULL,
	`call_id` integer NOT NULL,
	`state` text NOT NULL,
	`engine` text,
	`language` text,
	`text` text,
	`segments` text,
	`redacted_spans` integer DEFAULT 0 NOT NULL,
	`error` text,
	`requested_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`recording_id`) REFERENCES `call_recordings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcripts_recording_id_unique` ON `transcripts` (`recording_id`);--> statement-breakpoint
CREATE INDEX `transcripts_call_id` ON `transcripts` (`call_id`);--> statement-breakpoint
-- Hand-written (drizzle-kit does not model FTS5): full-text index over transcripts.text, kept in step by triggers.
CREATE VIRTUAL TABLE `transcripts_fts` USING fts5(`text`, content='transcripts', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_insert` AFTER INSERT ON `transcripts` BEGIN
  INSERT INTO `transcripts_fts`(rowid, `text`) VALUES (new.`id`, coalesce(new.`text`, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_delete` AFTER DELETE ON `transcripts` BEGIN
  INSERT INTO `transcripts_fts`(`transcripts_fts`, rowid, `text`) VALUES ('delete', old.`id`, coalesce(old.`text`, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_update` AFTER UPDATE OF `text` ON `transcripts` BEGIN
  INSERT INTO `transcripts_fts`(`transcripts_fts`, rowid, `text`) VALUES ('delete', old.`id`, coalesce(old.`text`, ''));
  INSERT INTO `transcripts_fts`(rowid, `text`) VALUES (new.`id`, coalesce(new.`text`, ''));
END;
