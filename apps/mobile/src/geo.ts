/** Where the phone is, for the SOS and for a request's place: one way to ask, bounded in time. */
export interface Position {
  lon: number;
  lat: number;
  /** metres, as the phone reports it */
  accuracy: number | null;
}

/**
 * The phone's position if it comes within `ms`, else null: never waits longer (the permission
 * prompt does not count towards the API's own timeout, hence a timer of ours).
 */
export function locate(ms: number): Promise<Position | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    const timeout = setTimeout(() => resolve(null), ms);
    const done = (position: Position | null) => {
      clearTimeout(timeout);
      resolve(position);
    };
    try {
      navigator.geolocation.getCurrentPosition(
        (p) =>
          done({
            lon: p.coords.longitude,
            lat: p.coords.latitude,
            accuracy: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null,
          }),
        () => done(null),
        { enableHighAccuracy: true, timeout: ms, maximumAge: 60_000 },
      );
    } catch {
      done(null);
    }
  });
}
