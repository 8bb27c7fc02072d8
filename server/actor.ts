/** Who is acting: the one actor module (tracker/actor.ts); the server imports it only from here. */
export {
  type Actor,
  actorFor,
  anonymousActor,
  login,
  LoginError,
  mayViewProperty,
  type PermissionTarget,
} from "../tracker/actor.ts";
