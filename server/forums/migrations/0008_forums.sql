-- Migration 8: forums: categories, threads, posts, mentions and full-text search
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- roles: kmhub.v1.ForumRole numbers as a text list ("|1|2|").
CREATE TABLE forum_categories (
                id {{pk}},
                code {{key}} NOT NULL UNIQUE,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                roles TEXT NOT NULL,
                create_micros BIGINT NOT NULL);

-- state: kmhub.v1.ThreadState. post_count and last_post_micros are kept by each post's
-- transaction so that listings need no aggregate.
CREATE TABLE forum_threads (
                id {{pk}},
                category_id BIGINT NOT NULL REFERENCES forum_categories (id),
                title TEXT NOT NULL,
                tags TEXT NOT NULL DEFAULT '',
                state INTEGER NOT NULL,
                author_contact_id BIGINT NOT NULL REFERENCES contacts (id),
                accepted_post_id BIGINT,
                post_count INTEGER NOT NULL DEFAULT 0,
                create_micros BIGINT NOT NULL,
                last_post_micros BIGINT NOT NULL,
                revision BIGINT NOT NULL DEFAULT 1);

CREATE INDEX forum_threads_by_activity ON forum_threads (last_post_micros, id);

CREATE INDEX forum_threads_by_category ON forum_threads (category_id, last_post_micros, id);

CREATE TABLE forum_thread_projects (
                thread_id BIGINT NOT NULL REFERENCES forum_threads (id),
                project_id BIGINT NOT NULL REFERENCES projects (id),
                PRIMARY KEY (thread_id, project_id));

CREATE INDEX forum_thread_projects_by_project ON forum_thread_projects (project_id, thread_id);

-- heading: the thread's title on its opening post ('' on replies), so that titles are
-- searched with the posts and weigh more.
CREATE TABLE forum_posts (
                id {{pk}},
                thread_id BIGINT NOT NULL REFERENCES forum_threads (id),
                author_contact_id BIGINT NOT NULL REFERENCES contacts (id),
                heading TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL,
                in_reply_to BIGINT,
                create_micros BIGINT NOT NULL,
                edit_micros BIGINT NOT NULL DEFAULT 0);

CREATE INDEX forum_posts_by_thread ON forum_posts (thread_id, id);

CREATE INDEX forum_posts_by_author ON forum_posts (author_contact_id, thread_id);

-- Watch polling reads the posts of the last seconds.
CREATE INDEX forum_posts_by_time ON forum_posts (create_micros, id);

CREATE TABLE forum_mentions (
                post_id BIGINT NOT NULL REFERENCES forum_posts (id),
                contact_id BIGINT NOT NULL REFERENCES contacts (id),
                PRIMARY KEY (post_id, contact_id));

CREATE INDEX forum_mentions_by_contact ON forum_mentions (contact_id, post_id);

-- Full text. SQLite: an FTS5 index over the posts table (external content, so the text
-- is stored once), Porter-stemmed, kept in step by triggers.
-- on sqlite only
CREATE VIRTUAL TABLE forum_search USING fts5(heading, body, content='forum_posts', content_rowid='id', tokenize='porter unicode61');

-- Merge index segments 8 at a time rather than 4: fewer, cheaper merges on the posting
-- path for the same search speed (measured in bench/).
-- on sqlite only
INSERT INTO forum_search (forum_search, rank) VALUES ('automerge', 8);

-- on sqlite only
CREATE TRIGGER forum_posts_indexed AFTER INSERT ON forum_posts BEGIN INSERT INTO forum_search (rowid, heading, body) VALUES (new.id, new.heading, new.body); END;

-- on sqlite only
CREATE TRIGGER forum_posts_reindexed AFTER UPDATE OF heading, body ON forum_posts BEGIN INSERT INTO forum_search (forum_search, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body); INSERT INTO forum_search (rowid, heading, body) VALUES (new.id, new.heading, new.body); END;

-- on sqlite only
CREATE TRIGGER forum_posts_unindexed AFTER DELETE ON forum_posts BEGIN INSERT INTO forum_search (forum_search, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body); END;

-- PostgreSQL: a stored, English-stemmed tsvector (titles weigh A, bodies B) with a GIN index.
-- on postgres only
ALTER TABLE forum_posts ADD COLUMN search tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', heading), 'A') || setweight(to_tsvector('english', body), 'B')) STORED;

-- on postgres only
CREATE INDEX forum_posts_search ON forum_posts USING GIN (search);

-- The three categories of DESIGN.md, open to every member role (kmhub.v1.ForumRole 1-8).
INSERT INTO forum_categories (code, title, description, roles, create_micros) VALUES ('benchmarking', 'Benchmarking', 'Compare referral rates, activity and costs between practices, consortia and providers', '|1|2|3|4|5|6|7|8|', 0);

INSERT INTO forum_categories (code, title, description, roles, create_micros) VALUES ('problem-solving', 'Problem solving', 'Something is not working between partners: describe it and work it out together', '|1|2|3|4|5|6|7|8|', 0);

INSERT INTO forum_categories (code, title, description, roles, create_micros) VALUES ('idea-development', 'Idea development', 'Ideas for new services and better pathways, from first thought to a PBC business case', '|1|2|3|4|5|6|7|8|', 0);
