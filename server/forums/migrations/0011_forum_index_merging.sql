-- Migration 11: the forum index merged a little at every write of posts rather than a lot now and then
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- ForumStore merges a few pages with each write (MergeIndexStep), as 'merge' merges:
-- levels of 8 segments (usermerge). FTS5's own merging is off: it came in bursts that
-- held up the post that set it off for up to 35 ms.
-- on sqlite only
INSERT INTO forum_search (forum_search, rank) VALUES ('usermerge', 8);

-- on sqlite only
INSERT INTO forum_search (forum_search, rank) VALUES ('automerge', 0);
