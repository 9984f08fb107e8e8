-- "10 consecutive failures within 24 hours": a run of failures needs the time of its first failure.
ALTER TABLE login_failures ADD COLUMN first_failure_at INTEGER;
UPDATE login_failures SET first_failure_at = last_failure_at WHERE first_failure_at IS NULL;
