// Broken: a helper for both sides imports a `.server` module.
import { secret } from "../services/secrets.server";
export const shout = () => secret.toUpperCase();
