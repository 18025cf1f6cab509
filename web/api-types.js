/**
 * The API replies this page reads (docs/api.md has the authoritative shapes). Only the fields used here are listed;
 * anything else is ignored, and optional fields (predictions) are drawn only when present.
 */

/**
 * @typedef {object} SnapshotGroup
 * @property {string} kind 'breakaway' | 'chasers' | 'peloton' | 'grupetto' | 'dropped'
 * @property {boolean} isHeadOfRace
 * @property {number[]} riders bibs, front first
 * @property {number} size
 * @property {number} distanceMeters
 * @property {number} speedKmh
 * @property {number} gapSeconds behind the head of the race
 * @property {number} gapToPelotonSeconds negative ahead of the peloton
 */

/**
 * @typedef {object} SnapshotRider
 * @property {number} bib
 * @property {number} distanceMeters
 * @property {number} speedKmh
 * @property {number} gapSeconds
 * @property {number} gapUncertaintySeconds
 * @property {string} status 'ok' | 'stale' | 'lost' | 'bike-change-suspected'
 * @property {boolean} stationary
 * @property {boolean} finished
 * @property {number} group index into `groups`, -1 once finished
 * @property {string | null} [name] from the tour config (the live route adds it)
 * @property {string | null} [team]
 * @property {number | null} [lat] on the route at `distanceMeters`, rounded for the public tier
 * @property {number | null} [lon]
 */

/**
 * @typedef {object} VirtualGcEntry
 * @property {number} rank
 * @property {number} bib
 * @property {number} virtualSeconds
 * @property {number} behindSeconds
 */

/**
 * @typedef {object} GroupPrediction
 * @property {number} group index into `groups`
 * @property {number | null} catchProbability chance the peloton catches the group before the line, 0..1
 * @property {number | null} catchKm where the catch is expected, km from the start
 * @property {number} finishEtaMs when the group's head is expected at the finish, epoch ms
 */

/**
 * @typedef {object} StageSnapshot
 * @property {number} stage
 * @property {number} tMs
 * @property {number} routeLengthMeters
 * @property {number | null} headBib
 * @property {SnapshotGroup[]} groups
 * @property {SnapshotRider[]} riders
 * @property {VirtualGcEntry[]} virtualGc
 * @property {number | null} virtualYellowBib
 * @property {number[]} finishOrder
 * @property {GroupPrediction[]} [predictions] per group, when the engine predicts (snapshot v2+)
 */

/**
 * @typedef {object} RaceEvent
 * @property {string} id
 * @property {string} kind
 * @property {number} tMs
 * @property {number} distanceMeters
 * @property {number[]} bibs
 * @property {number} [tiedForFirst] sprint/KOM passages: how many of the first bibs GPS could not order
 * @property {string} text
 */

/**
 * @typedef {object} RiderInfo
 * @property {number} bib
 * @property {string} name
 * @property {string} team
 */

/**
 * @typedef {object} RouteClimb
 * @property {string} name
 * @property {string} category e.g. '1', 'HC'
 * @property {number} summitKm
 * @property {number} [lengthKm]
 * @property {number} [averageGradientPercent]
 */

/**
 * @typedef {object} RouteSprint
 * @property {string} name
 * @property {number} km
 */

/**
 * `GET /v1/tours/{tour}/stages/{stage}/route`.
 * @typedef {object} StageRoute
 * @property {number} lengthMeters
 * @property {[number, number][]} profile `[km, elevation m]` about every 200 m
 * @property {[number, number][]} polyline simplified `[lon, lat]`
 * @property {RouteSprint[]} sprints
 * @property {RouteClimb[]} climbs
 */

/**
 * @typedef {object} StageInfo
 * @property {number} number
 * @property {string} [date]
 * @property {string} [start]
 * @property {string} [finish]
 * @property {number} [distanceKm]
 * @property {string} [type]
 * @property {string} startUtc ISO time of the start
 * @property {string} expectedEndUtc ISO time of the expected finish
 * @property {boolean} [hasRoute]
 */

/**
 * `GET /v1/tours/{tour}/stages`.
 * @typedef {object} Schedule
 * @property {string} tour
 * @property {string} name
 * @property {StageInfo[]} stages
 */

/**
 * `GET /v1/tours/{tour}/stages/{stage}/riders/{bib}`.
 * @typedef {object} RiderDetail
 * @property {number} bib
 * @property {string} name
 * @property {string} team
 * @property {(SnapshotRider & { gradientPercent?: number }) | null} live null before the rider's first fix
 * @property {[number, number, number, number][]} track `[tMs, lon, lat, distanceMeters]` every ~10 s, oldest first
 */

/**
 * `GET /v1/tours/{tour}/stages/{stage}/events?since=`.
 * @typedef {object} EventsReply
 * @property {number} next the `since` of the next poll
 * @property {RaceEvent[]} events oldest first
 */

export {};
