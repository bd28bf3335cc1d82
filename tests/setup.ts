// Every Vitest worker gets one database: in-memory PGlite by default, or the PostgreSQL named
// by TEST_DATABASE_URL. Tests that need it call `useTestDatabase()`; tables are emptied
// between tests rather than recreated (a fresh PGlite takes seconds).
export {};
