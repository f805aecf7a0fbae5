CREATE INDEX `acd_offers_agent_offered` ON `acd_offers` (`agent_id`,`offered_at`);--> statement-breakpoint
CREATE INDEX `queue_entries_agent_left` ON `queue_entries` (`agent_id`,`left_at`);