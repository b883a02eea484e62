/** Recorded with every forecast run, so a stored forecast names the engine that made it. Bump on any change to results. */
export const ENGINE_VERSION = '2.1.0';
