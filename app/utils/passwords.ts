// Password rules, shared by the server (better-auth, form schemas) and the pages' hints.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
