/**
 * The services' error types, apart so that a service (training.ts) and the argument checks in
 * handlers.ts can both throw them without importing each other.
 */

/** A caller error (wrong arguments): hosts report it as a bad request, not a crash. */
export class BadRequestError extends Error {}
