// Every Vitest worker gets one database: in-memory PGlite by default, or, with
// TEST_DATABASE_URL, a PostgreSQL database of its own on that server (tests/db.ts). Tests that
// need it call `useTestDatabase()`; tables are emptied between tests rather than recreated (a
// fresh PGlite takes seconds).
export {};
