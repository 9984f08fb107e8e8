-- Times are Unix seconds (UTC) read from the injected clock.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE TABLE login_failures (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id),
    count           INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
);

CREATE TABLE activation_sessions (
    code_hash       TEXT PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'used', 'superseded')),
    used_at         INTEGER
);
CREATE INDEX activation_sessions_user ON activation_sessions(user_id, state);

CREATE TABLE devices (
    serial              TEXT PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users(id),
    kind                TEXT NOT NULL CHECK (kind IN ('ibkey', 'physical')),
    platform            TEXT NOT NULL,
    name                TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('active', 'in_transit', 'suspended')),
    signing_public_key  BLOB,
    ocra_secret         BLOB NOT NULL,
    pin_hash            BLOB,
    counter             INTEGER NOT NULL DEFAULT 0,
    push_address        TEXT,
    push_status         TEXT NOT NULL DEFAULT 'none' CHECK (push_status IN ('active', 'lost', 'none')),
    activates_at        INTEGER,
    created_at          INTEGER NOT NULL
);
CREATE INDEX devices_user ON devices(user_id);

CREATE TABLE temporary_passcodes (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    passcode_hash   TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER
);

CREATE TABLE security_cards (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    grid_json       TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER
);

CREATE TABLE login_transactions (
    id                  TEXT PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users(id),
    platform            TEXT NOT NULL CHECK (platform IN ('portal', 'trading')),
    state               TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    expires_at          INTEGER NOT NULL,
    method              TEXT,
    device_serial       TEXT,
    push_nonce          TEXT,
    push_expires_at     INTEGER,
    challenge           TEXT,
    card_positions      TEXT,
    completed_at        INTEGER
);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    push_address    TEXT NOT NULL,
    transaction_id  TEXT NOT NULL,
    body_json       TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX notifications_address ON notifications(push_address, id);
