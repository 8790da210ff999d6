-- 0015_transfer_policies.sql: an agency's own choice of which transfer decisions its policy takes at once (issue 18),
-- set by its supervisors in the workbench. A row here replaces the city's line of data/transfer-policies.csv; silos
-- read the table at start and every JinBao:Transfers:PolicyRefreshPeriod, so a change reaches every silo within it.
CREATE TABLE IF NOT EXISTS jinbao_transfer_policies (
    city                 text        PRIMARY KEY CHECK (city ~ '^[0-9]{6}$'),
    auto_approve_review  boolean     NOT NULL,
    auto_approve_release boolean     NOT NULL,
    set_by               text        NOT NULL,
    set_at               timestamptz NOT NULL DEFAULT now()
);
