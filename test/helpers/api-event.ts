/**
 * A REST API proxy event for a path as API Gateway sends it to the handler: local mode's event (local/proxy-event.ts),
 * so tests and local mode feed the handler alike (`resource` a proxy resource: the handler must route on `path`).
 */
export { pathEvent as apiEvent, type PathEventOptions as ApiEventOptions } from '../../local/proxy-event';
