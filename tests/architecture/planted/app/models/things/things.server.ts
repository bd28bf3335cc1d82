// Allowed: a model uses database().
import { database } from "../database.server";
// Broken twice: a model imports a route and the Socket.IO wiring.
import { loader } from "../../routes/things";
import { io } from "../../services/realtime.server";
export const listThings = () => [database(), io];
export const again = () => loader();
