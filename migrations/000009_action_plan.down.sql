DROP INDEX expectations_public_region_idx;
DROP INDEX expectations_region_submitted_idx;
DROP INDEX expectations_submitted_idx;
DROP INDEX expectations_region_queue_idx;
DROP INDEX expectations_queue_idx;
ALTER TABLE commitments DROP COLUMN published_at;
DROP TABLE commitment_milestones;
