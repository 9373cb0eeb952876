-- Migration 6: surveys: questions, waves, responses and answers, imports (with what each replaced), tallies
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

CREATE TABLE surveys (
                id {{pk}},
                code {{key}} NOT NULL UNIQUE,
                title TEXT NOT NULL,
                audience INTEGER NOT NULL,
                description TEXT NOT NULL DEFAULT '');

CREATE TABLE survey_questions (
                id {{pk}},
                survey_id BIGINT NOT NULL REFERENCES surveys (id),
                code {{key}} NOT NULL,
                position INTEGER NOT NULL,
                text TEXT NOT NULL,
                scale INTEGER NOT NULL,
                UNIQUE (survey_id, code));

CREATE TABLE survey_waves (
                id {{pk}},
                survey_id BIGINT NOT NULL REFERENCES surveys (id),
                label {{key}} NOT NULL,
                opens {{key}} NOT NULL,
                closes {{key}} NOT NULL,
                UNIQUE (survey_id, label));

CREATE TABLE survey_imports (
                id {{pk}},
                wave_id BIGINT NOT NULL REFERENCES survey_waves (id),
                actor TEXT NOT NULL,
                file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                format INTEGER NOT NULL,
                rows_accepted BIGINT NOT NULL,
                rows_replaced BIGINT NOT NULL,
                imported_micros BIGINT NOT NULL,
                undone_micros BIGINT NOT NULL DEFAULT 0);

CREATE INDEX survey_imports_by_wave ON survey_imports (wave_id, id);

-- One row per (wave, respondent): a re-import replaces, never adds.
CREATE TABLE survey_responses (
                wave_id BIGINT NOT NULL REFERENCES survey_waves (id),
                respondent_id {{key}} NOT NULL,
                organisation_id BIGINT REFERENCES organisations (id),
                submitted TEXT NOT NULL,
                import_id BIGINT NOT NULL,
                PRIMARY KEY (wave_id, respondent_id)){{clustered}};

-- The respondent organisation's kind is copied onto each answer when it is imported,
-- so that the tallies are one scan of the wave's answers.
CREATE TABLE survey_answers (
                wave_id BIGINT NOT NULL,
                respondent_id {{key}} NOT NULL,
                question_id BIGINT NOT NULL,
                organisation_kind INTEGER NOT NULL,
                score INTEGER,
                text TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (wave_id, respondent_id, question_id)){{clustered}};

-- What an import replaced, so that undoing it puts the earlier answers back.
CREATE TABLE survey_replaced_responses (
                import_id BIGINT NOT NULL,
                wave_id BIGINT NOT NULL,
                respondent_id {{key}} NOT NULL,
                organisation_id BIGINT,
                submitted TEXT NOT NULL,
                previous_import_id BIGINT NOT NULL,
                PRIMARY KEY (import_id, respondent_id)){{clustered}};

CREATE TABLE survey_replaced_answers (
                import_id BIGINT NOT NULL,
                respondent_id {{key}} NOT NULL,
                question_id BIGINT NOT NULL,
                organisation_kind INTEGER NOT NULL,
                score INTEGER,
                text TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (import_id, respondent_id, question_id)){{clustered}};

-- Answers counted per (wave, question, respondent organisation kind, score), rebuilt in
-- SQL by every import and undo of the wave: results read these, not the answers.
-- score -1 counts free-text answers; kind 0 is "no organisation given".
CREATE TABLE survey_tallies (
                wave_id BIGINT NOT NULL,
                question_id BIGINT NOT NULL,
                organisation_kind INTEGER NOT NULL,
                score INTEGER NOT NULL,
                answers BIGINT NOT NULL,
                PRIMARY KEY (wave_id, question_id, organisation_kind, score));

-- The standard surveys (DESIGN.md, Surveys). Audience: kmhub.v1.SurveyAudience;
-- scale: kmhub.v1.QuestionScale.
INSERT INTO surveys (code, title, audience, description) VALUES ('provider', 'Provider survey', 1, 'How providers see the PCT as a commissioner and partner');

INSERT INTO surveys (code, title, audience, description) VALUES ('pbc', 'PBC survey', 2, 'Practice-based commissioning: plans, information and engagement, as in the national PBC survey');

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PRV1', 1, 'The PCT proactively engages with my organisation to inform and drive strategy, service design and resource utilisation', 1 FROM surveys WHERE code = 'provider';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PRV2', 2, 'The PCT is an active and effective partner in delivering local health objectives', 1 FROM surveys WHERE code = 'provider';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PRV3', 3, 'Rating of the PCT as a commissioner', 2 FROM surveys WHERE code = 'provider';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PRV4', 4, 'Comments', 4 FROM surveys WHERE code = 'provider';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PBC1', 1, 'Agreed a commissioning plan', 3 FROM surveys WHERE code = 'pbc';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PBC2', 2, 'Rating of information', 2 FROM surveys WHERE code = 'pbc';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PBC3', 3, 'The PCT proactively engages all clinicians to inform and drive strategy, service design and resource utilisation', 1 FROM surveys WHERE code = 'pbc';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PBC4', 4, 'Rating of support from the PCT for PBC', 2 FROM surveys WHERE code = 'pbc';

INSERT INTO survey_questions (survey_id, code, position, text, scale) SELECT id, 'PBC5', 5, 'Comments', 4 FROM surveys WHERE code = 'pbc';
