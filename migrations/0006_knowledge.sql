CREATE TABLE `knowledge_articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`category` text,
	`tags` text NOT NULL,
	`ivr_nodes` text NOT NULL,
	`status` text NOT NULL,
	`author` text NOT NULL,
	`updated_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE INDEX `knowledge_articles_status` ON `knowledge_articles` (`status`);--> statement-breakpoint
CREATE INDEX `knowledge_articles_category` ON `knowledge_articles` (`category`);--> statement-breakpoint
-- Hand-written (drizzle-kit does not model FTS5): full-text index over title, tags and body, kept in step by triggers.
-- trigram, not unicode61: Chinese has no spaces, so unicode61 makes a whole clause one token and cannot find a word
-- inside it; trigram finds any run of 3+ characters anywhere (terms of 1-2 characters are matched with LIKE, see
-- cti/knowledge/search-terms.ts). remove_diacritics 1: "cafe" finds "café".
CREATE VIRTUAL TABLE `knowledge_fts` USING fts5(`title`, `tags`, `body`, content='knowledge_articles', content_rowid='id', tokenize='trigram remove_diacritics 1');
--> statement-breakpoint
CREATE TRIGGER `knowledge_fts_insert` AFTER INSERT ON `knowledge_articles` BEGIN
  INSERT INTO `knowledge_fts`(rowid, `title`, `tags`, `body`) VALUES (new.`id`, new.`title`, new.`tags`, new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_fts_delete` AFTER DELETE ON `knowledge_articles` BEGIN
  INSERT INTO `knowledge_fts`(`knowledge_fts`, rowid, `title`, `tags`, `body`) VALUES ('delete', old.`id`, old.`title`, old.`tags`, old.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_fts_update` AFTER UPDATE OF `title`, `tags`, `body` ON `knowledge_articles` BEGIN
  INSERT INTO `knowledge_fts`(`knowledge_fts`, rowid, `title`, `tags`, `body`) VALUES ('delete', old.`id`, old.`title`, old.`tags`, old.`body`);
  INSERT INTO `knowledge_fts`(rowid, `title`, `tags`, `body`) VALUES (new.`id`, new.`title`, new.`tags`, new.`body`);
END;
