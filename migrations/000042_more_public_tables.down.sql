DROP TRIGGER public_changed ON expectation_status_history;
DROP TRIGGER public_changed ON commitment_progress;
DROP TRIGGER public_changed ON commitment_agreements;
