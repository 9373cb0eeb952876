-- Migration 9: the facts a listing rates projects by, kept on the project
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- A listing rates 50 projects a page: two correlated subqueries per row were most of its
-- database time. The two facts they read are kept on the project instead, by triggers, in the
-- same transaction as every change to updates and milestones, whoever writes them (never stale;
-- "overdue" is still decided at read time, against today).
ALTER TABLE projects ADD COLUMN latest_update_rag INTEGER NOT NULL DEFAULT 0;

ALTER TABLE projects ADD COLUMN earliest_open_due TEXT NOT NULL DEFAULT '';

UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = projects.id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0), earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = projects.id AND m.completed = ''), '');

-- on sqlite only
CREATE TRIGGER status_updates_rate_project_insert AFTER INSERT ON status_updates BEGIN UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = new.project_id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0) WHERE id = new.project_id; END;

-- on sqlite only
CREATE TRIGGER status_updates_rate_project_update AFTER UPDATE ON status_updates BEGIN UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = old.project_id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0) WHERE id = old.project_id; UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = new.project_id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0) WHERE id = new.project_id; END;

-- on sqlite only
CREATE TRIGGER status_updates_rate_project_delete AFTER DELETE ON status_updates BEGIN UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = old.project_id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0) WHERE id = old.project_id; END;

-- on sqlite only
CREATE TRIGGER milestones_date_project_insert AFTER INSERT ON milestones BEGIN UPDATE projects SET earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = new.project_id AND m.completed = ''), '') WHERE id = new.project_id; END;

-- on sqlite only
CREATE TRIGGER milestones_date_project_update AFTER UPDATE OF project_id, due, completed ON milestones BEGIN UPDATE projects SET earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = old.project_id AND m.completed = ''), '') WHERE id = old.project_id; UPDATE projects SET earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = new.project_id AND m.completed = ''), '') WHERE id = new.project_id; END;

-- on sqlite only
CREATE TRIGGER milestones_date_project_delete AFTER DELETE ON milestones BEGIN UPDATE projects SET earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = old.project_id AND m.completed = ''), '') WHERE id = old.project_id; END;

-- on postgres only
CREATE FUNCTION kmhub_rate_project() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'DELETE' THEN UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = NEW.project_id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0) WHERE id = NEW.project_id; END IF; IF TG_OP <> 'INSERT' THEN UPDATE projects SET latest_update_rag = COALESCE((SELECT u.rag FROM status_updates u WHERE u.project_id = OLD.project_id ORDER BY u.update_date DESC, u.id DESC LIMIT 1), 0) WHERE id = OLD.project_id; END IF; RETURN NULL; END $$;

-- on postgres only
CREATE TRIGGER status_updates_rate_project AFTER INSERT OR UPDATE OR DELETE ON status_updates FOR EACH ROW EXECUTE FUNCTION kmhub_rate_project();

-- on postgres only
CREATE FUNCTION kmhub_date_project() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'DELETE' THEN UPDATE projects SET earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = NEW.project_id AND m.completed = ''), '') WHERE id = NEW.project_id; END IF; IF TG_OP <> 'INSERT' THEN UPDATE projects SET earliest_open_due = COALESCE((SELECT MIN(m.due) FROM milestones m WHERE m.project_id = OLD.project_id AND m.completed = ''), '') WHERE id = OLD.project_id; END IF; RETURN NULL; END $$;

-- on postgres only
CREATE TRIGGER milestones_date_project AFTER INSERT OR UPDATE OR DELETE ON milestones FOR EACH ROW EXECUTE FUNCTION kmhub_date_project();
