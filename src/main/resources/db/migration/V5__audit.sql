-- The audit trail: every operator action (and every write action) with its outcome, every failed
-- login and every refused request. Written by security/AuditTrail; read by GET /api/v1/audit.
-- Never holds a password or an Authorization header.
CREATE TABLE hub.audit (
    id       bigserial   PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text        NOT NULL,             -- the login name, or 'anonymous'
    action   text        NOT NULL,             -- config.reload, source.run, dead-letters.replay, login, request, ...
    params   jsonb       NOT NULL DEFAULT '{}', -- what the action was asked to do (selector, source, ...)
    outcome  text        NOT NULL,
    detail   text,                             -- e.g. 'replayed 2', or why it was refused or failed
    client   text,                             -- the client's address as the hub saw it
    CONSTRAINT audit_outcome_ck CHECK (outcome IN ('ok', 'refused', 'failed'))
);
CREATE INDEX audit_at_ix ON hub.audit (at DESC);
CREATE INDEX audit_actor_ix ON hub.audit (actor, id DESC);
