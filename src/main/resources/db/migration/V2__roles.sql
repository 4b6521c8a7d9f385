-- Analysts read the warehouse and nothing else. The role "analyst" is created by the embedded
-- database at start; on an external database an administrator creates it (see the README).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst') THEN
        GRANT USAGE ON SCHEMA warehouse TO analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA warehouse TO analyst;
        ALTER DEFAULT PRIVILEGES IN SCHEMA warehouse GRANT SELECT ON TABLES TO analyst;
    END IF;
END $$;
REVOKE ALL ON SCHEMA hub FROM PUBLIC;
