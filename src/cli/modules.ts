/**
 * The CLI's entry points into other parts of kqlhunt, loaded lazily so `kqlhunt check` starts
 * without parsing loader or generator code. Literal paths keep the contracts compiler-checked.
 */
export const loadTelemetryModule = () => import('../telemetry/load.js');
export const loadInspectModule = () => import('../telemetry/inspect.js');
export const loadGenerateModule = () => import('../telemetry/generate/index.js');
