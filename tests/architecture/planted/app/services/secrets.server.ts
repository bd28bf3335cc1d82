export const secret = "a server-only value";
