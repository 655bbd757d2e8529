DROP INDEX expectations_region_queue_idx;
DROP INDEX expectations_queue_idx;
ALTER TABLE commitments DROP COLUMN published_at;
DROP TABLE commitment_milestones;
